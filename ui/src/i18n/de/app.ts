// Deutsche Texte: app (every key of ../en/app.ts, translated).
import type en from "../en/app";

export default {
} satisfies Record<keyof typeof en, string>;
