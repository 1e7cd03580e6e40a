/* 惠企通 embed: <script src="https://惠企通地址/widget.js" defer></script> on any page puts a floating
 * chat button at the bottom right; it opens the chat in a panel (an iframe of the chat page).
 * Styles are set through the DOM (no inline <style>), so host pages with a strict CSP accept it. */
(function () {
  "use strict";
  if (window.__huiqiWidget) return;
  window.__huiqiWidget = true;

  var script = document.currentScript;
  var base = script && script.src ? script.src.replace(/\/widget\.js(\?.*)?$/, "") : "";
  var GREEN = "#07c160";

  function css(node, styles) {
    Object.keys(styles).forEach(function (k) { node.style[k] = styles[k]; });
    return node;
  }

  var button = css(document.createElement("button"), {
    position: "fixed", right: "20px", bottom: "20px", zIndex: "2147483000", width: "60px", height: "60px",
    borderRadius: "50%", border: "0", background: GREEN, color: "#fff", fontSize: "15px", fontWeight: "600",
    boxShadow: "0 4px 14px rgba(0,0,0,.25)", cursor: "pointer", lineHeight: "1.2", padding: "0"
  });
  button.type = "button";
  button.textContent = "政策\n咨询";
  button.style.whiteSpace = "pre-line";
  button.setAttribute("aria-label", "打开惠企通政策咨询");
  button.setAttribute("aria-expanded", "false");
  button.id = "huiqi-widget-button";

  var panel = css(document.createElement("div"), {
    position: "fixed", right: "20px", bottom: "92px", zIndex: "2147483000", width: "380px", height: "640px",
    maxWidth: "calc(100vw - 24px)", maxHeight: "calc(100vh - 112px)", borderRadius: "10px", overflow: "hidden",
    boxShadow: "0 8px 30px rgba(0,0,0,.3)", background: "#ededed", display: "none"
  });
  panel.id = "huiqi-widget-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", "惠企通政策咨询");

  var frame = null;
  function small() { return window.matchMedia("(max-width: 480px)").matches; }
  function layout() {
    if (small()) {
      css(panel, { right: "0", bottom: "0", width: "100vw", height: "100%", maxWidth: "100vw", maxHeight: "100%", borderRadius: "0" });
    } else {
      css(panel, { right: "20px", bottom: "92px", width: "380px", height: "640px", maxWidth: "calc(100vw - 24px)", maxHeight: "calc(100vh - 112px)", borderRadius: "10px" });
    }
  }

  function open() {
    if (!frame) {
      frame = css(document.createElement("iframe"), { width: "100%", height: "100%", border: "0", display: "block" });
      frame.src = base + "/?embed=1";
      frame.title = "惠企通政策咨询";
      frame.setAttribute("allow", "clipboard-write");
      panel.appendChild(frame);
    }
    layout();
    panel.style.display = "block";
    button.setAttribute("aria-expanded", "true");
    button.setAttribute("aria-label", "关闭惠企通政策咨询");
    button.textContent = "关闭";
    if (small()) {  // full screen: a small close button in the chat's top bar corner
      css(button, { bottom: "auto", top: "4px", right: "8px", width: "40px", height: "40px", fontSize: "13px" });
    }
    frame.focus();
  }
  function close() {
    panel.style.display = "none";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-label", "打开惠企通政策咨询");
    button.textContent = "政策\n咨询";
    css(button, { top: "auto", bottom: "20px", right: "20px", width: "60px", height: "60px", fontSize: "15px" });
    button.focus();
  }
  button.addEventListener("click", function () { panel.style.display === "none" ? open() : close(); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && panel.style.display !== "none") close(); });
  window.addEventListener("resize", function () { if (panel.style.display !== "none") layout(); });

  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(button);
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
