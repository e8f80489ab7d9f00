// Deutsche Texte: setup (every key of ../en/setup.ts, translated).
import type en from "../en/setup";

export default {
} satisfies Record<keyof typeof en, string>;
