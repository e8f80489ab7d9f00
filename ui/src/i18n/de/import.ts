// Deutsche Texte: import (every key of ../en/import.ts, translated).
import type en from "../en/import";

export default {
} satisfies Record<keyof typeof en, string>;
