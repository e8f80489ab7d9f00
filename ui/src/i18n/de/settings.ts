// Deutsche Texte: settings (every key of ../en/settings.ts, translated).
import type en from "../en/settings";

export default {
} satisfies Record<keyof typeof en, string>;
