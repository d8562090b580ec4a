// The fault rules and how often each fired (GET /api/v1/faults).
//
// Polled, not fed. The feed has no fault frame, and the transcript frames
// that carry "fault" events only flow for the one session the feed watches
// (Feed.watch holds a single slot, which the session detail view uses), so
// firings in any other session would never reach us; watching "*" from here
// would take that slot away from the sessions view and stream every line of
// every session just to bump a counter. Rule changes made by others (a test's
// POST and DELETE, Mailpit chaos, MailHog Jim) send no frame at all. A small
// GET every 2 s while the panel is open covers all of it in one place.
import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import { API, getJson, isMissingRoute } from "../../../lib/api/client.js";
import { keys } from "../../../lib/query-keys.js";
import { decodeFaultList, type FaultList } from "./decode-rule.js";

/** While the panel shows firing counts. */
const PANEL_POLL_MS = 2_000;
/** For the header badge, which only counts rules: they change rarely, and by hand. */
const BADGE_POLL_MS = 15_000;

export async function fetchFaults(signal?: AbortSignal): Promise<FaultList> {
  return decodeFaultList(await getJson(`${API}/faults`, signal));
}

/**
 * `live`: the caller shows firing counts (the panel). Each observer runs its
 * own interval timer, so the badge and the panel must not both ask for the
 * fast one: the badge passes false and the panel's timer does the work.
 */
export function useFaults(live: boolean): UseQueryResult<FaultList> {
  return useQuery({
    queryKey: keys.faults,
    queryFn: ({ signal }) => fetchFaults(signal),
    // Opening the panel should show this moment's counts, not the badge's last poll.
    staleTime: live ? 0 : BADGE_POLL_MS,
    // A server without fault rules (an older build) will not grow them by asking again.
    refetchInterval: (query) => (isMissingRoute(query.state.error) ? false : live ? PANEL_POLL_MS : BADGE_POLL_MS),
  });
}
