import { call, progressChannel } from "./ipc";
import type { AutoBackupSettings } from "../bindings/AutoBackupSettings";
import type { BackupRequest } from "../bindings/BackupRequest";
import type { BackupStatus } from "../bindings/BackupStatus";
import type { ChosenBackup } from "../bindings/ChosenBackup";
import type { Progress } from "../bindings/Progress";
import type { Restored } from "../bindings/Restored";
import type { Summary } from "../bindings/Summary";

export const getBackupStatus = () => call<BackupStatus>("get_backup_status");
export const setBackupSettings = (settings: AutoBackupSettings) =>
  call<BackupStatus>("set_backup_settings", { settings });
/** The native folder dialog; null when cancelled. */
export const chooseBackupFolder = () => call<BackupStatus | null>("choose_backup_folder");
/** The native save dialog, then the backup; null when the dialog was cancelled. */
export const backupNow = (request: BackupRequest, onprogress: (p: Progress) => void) =>
  call<Summary | null>("backup_now", { request, progress: progressChannel(onprogress) });
export const cancelBackup = () => call<void>("cancel_backup");
/** The native open dialog; the file stays in the backend, the view gets its name. */
export const chooseBackupFile = () => call<ChosenBackup | null>("choose_backup_file");
export const verifyBackup = (passphrase: string | null, onprogress: (p: Progress) => void) =>
  call<Summary>("verify_backup", { passphrase, progress: progressChannel(onprogress) });
/** Checks the chosen backup whole, then the app restarts and puts it in place. */
export const restoreBackup = (passphrase: string | null, onprogress: (p: Progress) => void) =>
  call<Restored>("restore_backup", { passphrase, progress: progressChannel(onprogress) });
