// Deutsche Texte: files (every key of ../en/files.ts, translated).
import type en from "../en/files";

export default {
} satisfies Record<keyof typeof en, string>;
