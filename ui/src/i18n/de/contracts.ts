// Deutsche Texte: contracts (every key of ../en/contracts.ts, translated).
import type en from "../en/contracts";

export default {
} satisfies Record<keyof typeof en, string>;
