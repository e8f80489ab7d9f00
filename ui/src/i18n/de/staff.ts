// Deutsche Texte: staff (every key of ../en/staff.ts, translated).
import type en from "../en/staff";

export default {
} satisfies Record<keyof typeof en, string>;
