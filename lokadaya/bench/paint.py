"""First paint and largest contentful paint of public pages, in chromium throttled like a cheap phone.

The profile is Lighthouse's mobile one ("slow 4G"): 150 ms round trips, 1.6 Mbit/s down,
750 kbit/s up, the CPU slowed four times, a 390x844 screen at device pixel ratio 2, no cache.
Figures are medians over several cold loads.
"""
import statistics
from dataclasses import dataclass

CHROMIUM = "/usr/bin/chromium"
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8,
           "uploadThroughput": 750 * 1024 / 8}
CPU_SLOWDOWN = 4
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "id-ID"}

# Paints and LCP settle once the page stops painting; read them after load with the buffered entries.
_METRICS_JS = r"""
() => new Promise(resolve => {
  // Paint entries may be recorded after "load" under CPU throttling: observe them (buffered), too.
  let fp = null, fcp = null;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      if (e.name === 'first-paint') fp = e.startTime;
      if (e.name === 'first-contentful-paint') fcp = e.startTime;
    }
  }).observe({type: 'paint', buffered: true});
  let lcp = null, lcpElement = null;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) { lcp = e.startTime; lcpElement = e.element ? e.element.tagName : null; }
  }).observe({type: 'largest-contentful-paint', buffered: true});
  const bytes = {document: 0, css: 0, script: 0, img: 0, other: 0};
  const nav = performance.getEntriesByType('navigation')[0];
  if (nav) bytes.document += nav.transferSize;
  let largestImage = 0;
  for (const r of performance.getEntriesByType('resource')) {
    const path = new URL(r.name).pathname;
    const kind = /\.css$/.test(path) ? 'css' : /\.js$/.test(path) ? 'script'
      : /\.(avif|webp|jpe?g|png|gif|svg)$/.test(path) ? 'img' : 'other';
    bytes[kind] += r.transferSize;
    if (kind === 'img') largestImage = Math.max(largestImage, r.transferSize);
  }
  setTimeout(() => resolve({fp: fp || fcp, fcp, lcp, lcpElement, bytes, largestImage}), 300);
})
"""


@dataclass
class PaintFigures:
    path: str
    first_paint_ms: float
    first_contentful_paint_ms: float
    largest_contentful_paint_ms: float
    lcp_element: str
    html_css_js_bytes: int
    largest_image_bytes: int


def measure_paint(base_url, paths, runs=3):
    """Cold-load each path ``runs`` times under the slow-4G phone profile; medians per path.

    Runs in its own thread: Playwright's sync API refuses a thread whose event loop is already
    running (another Playwright session in the same process, as in the test suite)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_measure_paint, base_url, paths, runs).result()


def _measure_paint(base_url, paths, runs):
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            for path in paths:
                samples = []
                for _ in range(runs):
                    context = browser.new_context(**PHONE)
                    page = context.new_page()
                    cdp = context.new_cdp_session(page)
                    cdp.send("Network.enable")
                    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
                    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
                    page.goto(base_url.rstrip("/") + path, wait_until="load", timeout=120_000)
                    samples.append(page.evaluate(_METRICS_JS))
                    context.close()
                bytes_ = samples[-1]["bytes"]
                results.append(PaintFigures(
                    path=path,
                    first_paint_ms=statistics.median(s["fp"] or 0 for s in samples),
                    first_contentful_paint_ms=statistics.median(s["fcp"] or 0 for s in samples),
                    largest_contentful_paint_ms=statistics.median(s["lcp"] or 0 for s in samples),
                    lcp_element=samples[-1]["lcpElement"] or "-",
                    html_css_js_bytes=bytes_["document"] + bytes_["css"] + bytes_["script"],
                    largest_image_bytes=samples[-1]["largestImage"],
                ))
        finally:
            browser.close()
    return results
