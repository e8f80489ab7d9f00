// Deutsche Texte: team (every key of ../en/team.ts, translated).
import type en from "../en/team";

export default {
} satisfies Record<keyof typeof en, string>;
