// Deutsche Texte: systems (every key of ../en/systems.ts, translated).
import type en from "../en/systems";

export default {
} satisfies Record<keyof typeof en, string>;
