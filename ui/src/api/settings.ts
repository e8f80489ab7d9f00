import { call } from "./ipc";
import type { FirstRun } from "../bindings/FirstRun";
import type { Settings } from "../bindings/Settings";

export const getSettings = () => call<Settings>("get_settings");
export const updateSettings = (settings: Settings) => call<Settings>("update_settings", { settings });
export const getFirstRun = () => call<FirstRun>("get_first_run");
export const dismissFirstRun = () => call<void>("dismiss_first_run");
