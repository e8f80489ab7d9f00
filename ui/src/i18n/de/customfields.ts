// Deutsche Texte: customfields (every key of ../en/customfields.ts, translated).
import type en from "../en/customfields";

export default {
} satisfies Record<keyof typeof en, string>;
