import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App.js";
import { ApiError } from "./lib/api/client.js";
import { Feed, feedUrl } from "./lib/feed/feed.js";
import { FeedProvider } from "./lib/feed/feed-context.js";
import "./app/app.css";

const root = document.getElementById("root");
// index.html ships the #root element; if it is missing the build is broken,
// and a loud error beats a blank page.
if (root === null) throw new Error("Mailscope: #root element not found in index.html");

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // The feed keeps the cache fresh; refetching on focus would only duplicate it.
      refetchOnWindowFocus: false,
      staleTime: 30_000,
      // A 4xx will not change on retry (a deleted message, a missing endpoint).
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
    },
  },
});
const feed = new Feed(queryClient, feedUrl());

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <FeedProvider feed={feed}>
        <App />
      </FeedProvider>
    </QueryClientProvider>
  </StrictMode>,
);
