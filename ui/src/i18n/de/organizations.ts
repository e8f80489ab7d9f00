// Deutsche Texte: organizations (every key of ../en/organizations.ts, translated).
import type en from "../en/organizations";

export default {
} satisfies Record<keyof typeof en, string>;
