// Team sync: this machine's place in a team, publishing, joining, syncing now, conflicts, leaving.
import { call, progressChannel } from "./ipc";
import type { SyncProgress } from "../bindings/SyncProgress";
import type { Conflict } from "../bindings/Conflict";
import type { Resolution } from "../bindings/Resolution";
import type { SyncReport } from "../bindings/SyncReport";
import type { TeamStatus } from "../bindings/TeamStatus";
import type { TeamDevice } from "../bindings/TeamDevice";
import type { Removal } from "../bindings/Removal";
import type { MemberRemoval } from "../bindings/MemberRemoval";

export const getTeamStatus = () => call<TeamStatus>("get_team_status");
/** The native open dialog for the server's CA certificate; its name, null when cancelled. */
export const chooseTeamCaFile = () => call<string | null>("choose_team_ca_file");
/** `url` carries no password (it goes to the OS keyring) and no file (the CA is chosen above). */
export const teamPublish = (url: string, password: string) => call<SyncReport>("team_publish", { url, password });
/** Refused with field "replace" when this machine has records of its own, unless `replace`. */
export const teamJoin = (
  url: string,
  password: string,
  replace: boolean,
  onprogress: (p: SyncProgress) => void = () => {},
) => call<SyncReport>("team_join", { url, password, replace, progress: progressChannel(onprogress) });
export const teamSyncNow = () => call<SyncReport>("team_sync_now");
export const listConflicts = (all: boolean) => call<Conflict[]>("list_conflicts", { all });
export const resolveConflict = (id: string, resolution: Resolution) => call<void>("resolve_conflict", { id, resolution });
/** Refused while changes wait, unless `force`. */
export const teamLeave = (force: boolean) => call<void>("team_leave", { force });
/** Keep the team's files on this machine (fetched in the background) up to `limitMb` each. */
export const setOfflineFiles = (keep: boolean, limitMb: number) =>
  call<TeamStatus>("set_offline_files", { keep, limitMb });
/** After sync stopped (a server restored from an older backup): send what waits, back up, download again. */
export const teamDownloadAgain = () => call<SyncReport>("team_download_again");
/** The team's machines, with fingerprints and whether each reads the team's passwords. */
export const listTeamDevices = () => call<TeamDevice[]>("list_team_devices");
/** An admin approves a machine (by its device id) after comparing fingerprints; the server checks the role. */
export const approveTeamDevice = (device: string) => call<TeamDevice>("approve_team_device", { device });
/** An admin removes a machine from the team's passwords: the key changes; returns what it could read. */
export const removeTeamDevice = (device: string) => call<Removal>("remove_team_device", { device });
/** An admin removes a member: login disabled, their machines removed, one key change; returns what they could read. */
export const removeTeamMember = (login: string) => call<MemberRemoval>("remove_team_member", { login });
/** An admin prints a recovery kit: the save dialog first; [file name, fingerprint], or null when cancelled. */
export const saveRecoveryKit = (passphrase: string) =>
  call<[string, string] | null>("save_recovery_kit", { passphrase });
/** An admin's new machine lets itself in with a recovery kit's code and passphrase. */
export const recoverWithKit = (code: string, passphrase: string) =>
  call<SyncReport>("recover_with_kit", { code, passphrase });
