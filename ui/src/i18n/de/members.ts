// Deutsche Texte: members (every key of ../en/members.ts, translated).
import type en from "../en/members";

export default {
} satisfies Record<keyof typeof en, string>;
