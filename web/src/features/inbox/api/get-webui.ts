// The server's UI settings: the SMTP address for the empty state, and
// whether delete-all is hidden.
import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import { API, getJson } from "../../../lib/api/client.js";
import { bool, record, str } from "../../../lib/api/guards.js";
import { keys } from "../../../lib/query-keys.js";

export interface WebUi {
  smtpAddress: string;
  hideDeleteAll: boolean;
}

export function useWebUi(): UseQueryResult<WebUi> {
  return useQuery({
    queryKey: keys.webui,
    queryFn: async ({ signal }) => {
      const o = record(await getJson(`${API}/webui`, signal), "webui");
      return { smtpAddress: str(o, "SMTPAddress"), hideDeleteAll: bool(o, "HideDeleteAllButton") };
    },
    staleTime: Infinity,
  });
}
