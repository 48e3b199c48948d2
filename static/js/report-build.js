// A round's report build: keeps the progress bar up to date while background workers lay the
// reports out, then reloads once to offer the zip file. Without JavaScript the page's Refresh
// link does the same.
const POLL_EVERY_MS = 2000;

function follow(container) {
  const url = container.dataset.progressUrl;
  const words = container.querySelector("#report-build-words");
  const bar = container.querySelector("progress");

  async function poll() {
    let progress;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      progress = await response.json();
    } catch {
      return; // a lost connection: try again at the next tick
    }
    if (progress.finished) {
      window.location.reload();
      return;
    }
    bar.max = Math.max(progress.total, 1); // max="0" is not valid HTML
    bar.value = progress.counted;
    bar.textContent = progress.words;
    // Only a change is written, so that screen readers announce each new count once.
    if (words.textContent !== progress.words) {
      words.textContent = progress.words;
    }
  }

  const timer = window.setInterval(async () => {
    await poll();
  }, POLL_EVERY_MS);
  window.addEventListener("pagehide", () => window.clearInterval(timer));
}

document.querySelectorAll('[data-module="app-report-build"]').forEach(follow);
