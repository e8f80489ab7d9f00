// Deutsche Texte: components (every key of ../en/components.ts, translated).
import type en from "../en/components";

export default {
} satisfies Record<keyof typeof en, string>;
