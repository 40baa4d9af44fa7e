"use client";

// Replaces the root layout, so it brings its own document and cannot rely on globals.css.
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", display: "grid", placeItems: "center", minHeight: "100vh", margin: 0 }}>
        <title>Labbook — error</title>
        <div style={{ textAlign: "center" }}>
          <h1 style={{ fontSize: 20, fontWeight: 600 }}>Labbook hit an unexpected error</h1>
          <p style={{ color: "#666", fontSize: 14 }}>It has been logged on the server.</p>
          <button type="button" onClick={retry} style={{ padding: "8px 16px", borderRadius: 6, border: "1px solid #ccc", cursor: "pointer" }}>
            Try again
          </button>
        </div>
      </body>
    </html>
  );
}
