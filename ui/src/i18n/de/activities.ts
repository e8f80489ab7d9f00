// Deutsche Texte: activities (every key of ../en/activities.ts, translated).
import type en from "../en/activities";

export default {
} satisfies Record<keyof typeof en, string>;
