import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App.js";
import "./app/app.css";

const root = document.getElementById("root");
// index.html ships the #root element; if it is missing the build is broken,
// and a loud error beats a blank page.
if (root === null) throw new Error("Mailscope: #root element not found in index.html");

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
