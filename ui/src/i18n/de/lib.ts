// Deutsche Texte: lib (every key of ../en/lib.ts, translated).
import type en from "../en/lib";

export default {
} satisfies Record<keyof typeof en, string>;
