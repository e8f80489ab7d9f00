// Deutsche Texte: backup (every key of ../en/backup.ts, translated).
import type en from "../en/backup";

export default {
} satisfies Record<keyof typeof en, string>;
