/* 惠企通 web chat.
 * Every piece of text from firms, policies or lawyers goes into the page through textContent:
 * nothing received from the server (or read back from this browser's storage) is ever parsed as HTML. */
(function () {
  "use strict";

  var app = document.getElementById("app");
  var log = document.getElementById("log");
  var input = document.getElementById("input");
  var composer = document.getElementById("composer");
  var HOTLINE = app.dataset.hotline;
  var AVATARS = { bot: app.dataset.botAvatar, me: app.dataset.userAvatar, lawyer: app.dataset.lawyerAvatar };
  var MAX_CHARS = 1000;
  var TIMEOUT_MS = 25000;
  var STATUS_LABELS = { "new": "待分派", assigned: "办理中", answered: "已答复", closed: "已关闭", reopened: "已重新打开" };
  var pending = 0;
  var citeSeq = 0;

  /* ---- storage (localStorage may be blocked inside third-party frames) ---- */
  var memory = {};
  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return memory[key] || null; }
  }
  /* False when the browser refused (storage blocked or full); the value is then kept in memory. */
  function save(key, value) {
    try { window.localStorage.setItem(key, value); return true; } catch (e) { memory[key] = value; return false; }
  }
  function forget(key) {
    delete memory[key];
    try { window.localStorage.removeItem(key); } catch (e) { /* storage blocked: memory only */ }
  }
  function randomId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  /* The conversation id (Rasa's sender). "新对话" starts a new one; the previous ones are kept so
   * that "我的工单" still lists the tickets filed from them. */
  var SENDER_RE = /^web-[0-9a-f]{32}$/;
  var MAX_PAST_SENDERS = 9;
  var sender = load("huiqi.sender");
  if (!sender || !SENDER_RE.test(sender)) {
    sender = "web-" + randomId();
    save("huiqi.sender", sender);
  }
  function pastSenders() {
    var list;
    try { list = JSON.parse(load("huiqi.pastSenders") || "[]"); } catch (e) { return []; }
    if (!Array.isArray(list)) return [];
    return list.filter(function (s) { return typeof s === "string" && SENDER_RE.test(s) && s !== sender; })
      .slice(-MAX_PAST_SENDERS);
  }
  function seenReplies() {
    try { return JSON.parse(load("huiqi.seenReplies") || "{}"); } catch (e) { return {}; }
  }

  /* ---- DOM helpers ---- */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function paragraphs(parent, text) {
    String(text || "").split(/\n{2,}/).forEach(function (part) {
      if (part.trim()) parent.appendChild(el("p", null, part.trim()));
    });
  }
  function scrollToEnd() { log.scrollTop = log.scrollHeight; }

  function row(kind, name) {
    var wrap = el("div", "row " + kind);
    var avatar = el("img", "avatar");
    avatar.src = AVATARS[kind] || AVATARS.bot;
    avatar.alt = kind === "me" ? "我" : (kind === "lawyer" ? "律师" : "惠企通助手");
    var bubble = el("div", "bubble");
    if (name) bubble.appendChild(el("div", "sender-name", name));
    wrap.appendChild(avatar);
    wrap.appendChild(bubble);
    log.appendChild(wrap);
    return bubble;
  }
  function notice(text, isError) {
    var box = el("div", "notice" + (isError ? " error" : ""));
    box.appendChild(el("span", null, text));
    box.setAttribute("role", isError ? "alert" : "status");
    log.appendChild(box);
    scrollToEnd();
  }

  /* ---- rendering bot answers ---- */
  function citationCard(c) {
    var card = el("div", "cite" + (c.expired ? " expired" : ""));
    var id = "cite-" + (++citeSeq);
    var head = el("button", "cite-head");
    head.type = "button";
    head.setAttribute("aria-expanded", "false");
    head.setAttribute("aria-controls", id);
    var title = el("span", "cite-title", c.title || "政策文件");
    if (c.expired) title.appendChild(el("span", "badge", "已失效"));
    head.appendChild(title);
    var meta = [c.doc_no, c.clause].filter(function (x) { return x; }).join(" · ");
    if (meta) head.appendChild(el("span", "cite-meta", meta));
    var toggle = el("span", "cite-toggle", "展开条款全文");
    head.appendChild(toggle);
    var body = el("div", "cite-body");
    body.id = id;
    body.hidden = true;
    paragraphs(body, c.text || "（暂无条款原文）");
    if (c.issuer) body.appendChild(el("p", "valid", "发文单位：" + c.issuer));
    if (c.valid_until) body.appendChild(el("p", "valid", (c.expired ? "已于 " : "有效期至 ") + c.valid_until + (c.expired ? " 失效" : "")));
    head.addEventListener("click", function () {
      var open = body.hidden;
      body.hidden = !open;
      head.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? "收起" : "展开条款全文";
    });
    card.appendChild(head);
    card.appendChild(body);
    return card;
  }

  function statusBadge(status) {
    return el("span", "status " + status, STATUS_LABELS[status] || status);
  }

  function ticketCard(t) {
    var card = el("div", "ticket-card");
    var dl = el("dl");
    function item(label, valueNode) {
      dl.appendChild(el("dt", null, label));
      var dd = el("dd");
      dd.appendChild(valueNode);
      dl.appendChild(dd);
    }
    item("工单号", el("span", "ticket-number", t.number));
    if (t.status) item("状态", statusBadge(t.status));
    if (t.firm) item("承办团队", document.createTextNode(t.firm));
    if (t.due_at) item("预计答复", document.createTextNode(formatTime(t.due_at)));
    card.appendChild(dl);
    card.appendChild(el("p", "muted", "请记下工单号。律师答复后会短信通知您，也可点右上角“我的工单”查看。"));
    return card;
  }

  /* Times are shown in Beijing time, wherever the browser's clock is set. */
  var TIME_FORMAT = (function () {
    try {
      return new Intl.DateTimeFormat("zh-CN", {
        timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", hour12: false
      });
    } catch (e) { return null; }
  })();
  function formatTime(value) {
    var d = new Date(value);
    if (isNaN(d.getTime())) return String(value);
    if (TIME_FORMAT) return TIME_FORMAT.format(d).replace(/\//g, "-");
    return d.toLocaleString("zh-CN");
  }

  /* What a bot message may carry, as plain strings: the page renders from (and stores) only this. */
  function str(value) { return typeof value === "string" ? value : ""; }
  function listOf(value, clean) { return Array.isArray(value) ? value.map(clean).filter(Boolean) : []; }
  function isObject(value) { return !!value && typeof value === "object" && !Array.isArray(value); }
  function cleanCitation(c) {
    if (!isObject(c)) return null;
    return {
      title: str(c.title), doc_no: str(c.doc_no), clause: str(c.clause), text: str(c.text),
      issuer: str(c.issuer), valid_until: str(c.valid_until), expired: c.expired === true
    };
  }
  function cleanTicket(t) {
    if (!isObject(t) || !str(t.number)) return null;
    return { number: t.number, status: str(t.status), firm: str(t.firm || t.team_firm || t.team), due_at: str(t.due_at) };
  }
  function cleanButton(b) {
    if (!isObject(b) || !(str(b.title) || str(b.payload))) return null;
    return { title: str(b.title), payload: str(b.payload) };
  }
  function cleanBot(m) {
    if (!isObject(m)) return null;
    return {
      text: str(m.text), citations: listOf(m.citations, cleanCitation), ticket: cleanTicket(m.ticket),
      buttons: listOf(m.buttons, cleanButton), action: str(m.action)
    };
  }

  function renderBot(message) {
    var bubble = row("bot");
    paragraphs(bubble, message.text);
    if (message.citations && message.citations.length) {
      var cites = el("div", "cites");
      cites.setAttribute("aria-label", "引用的政策条款");
      message.citations.forEach(function (c) { cites.appendChild(citationCard(c)); });
      bubble.appendChild(cites);
    }
    if (message.ticket && message.ticket.number) bubble.appendChild(ticketCard(message.ticket));
    if (message.action === "answer" || message.action === "no_match") bubble.appendChild(ratingRow());
    var buttons = message.buttons || [];
    if (!buttons.length && message.action === "ask_zone") buttons = zoneButtons();
    if (buttons.length) {
      var chips = el("div", "bot-chips");
      chips.setAttribute("role", "group");
      chips.setAttribute("aria-label", "可选回复");
      buttons.forEach(function (b) {
        var chip = el("button", "bot-chip", b.title || b.payload);
        chip.type = "button";
        chip.addEventListener("click", function () { send(b.payload || b.title, b.title || b.payload); });
        chips.appendChild(chip);
      });
      bubble.appendChild(chips);
    }
    return bubble;
  }

  /* 好差评: one tap under a cited answer, or under "no matching policy", rates this conversation's answers
     (a second tap replaces it; 202: another worker is still writing the answer, the rating waits for it). */
  var SCORES = [["satisfied", "满意"], ["fair", "基本满意"], ["dissatisfied", "不满意"]];
  function ratingRow() {
    var box = el("div", "rating");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "为这个回答评价");
    box.appendChild(el("span", "rating-ask", "这个回答有帮助吗？"));
    SCORES.forEach(function (s) {
      var chip = el("button", "rating-chip", s[1]);
      chip.type = "button";
      chip.dataset.score = s[0];
      chip.addEventListener("click", function () { rate(s[0], box); });
      box.appendChild(chip);
    });
    return box;
  }
  function setDisabled(box, disabled) {
    Array.prototype.forEach.call(box.querySelectorAll("button"), function (b) { b.disabled = disabled; });
  }
  function rate(score, box) {
    setDisabled(box, true);
    postJSON("api/chat/rating", { sender: sender, score: score }).then(function (result) {
      if (result.status !== 201 && result.status !== 202) {
        setDisabled(box, false);
        notice(result.data.error || "评价没有提交成功，请稍后再试。", true);
        return;
      }
      box.textContent = "";
      box.appendChild(el("span", "rating-done", result.data.text || "感谢您的评价！"));
      if (result.data.offer_lawyer) {
        var lawyer = el("button", "bot-chip", "找律师 / 转人工");
        lawyer.type = "button";
        lawyer.addEventListener("click", function () { send(app.dataset.escalate, "找律师 / 转人工"); });
        box.appendChild(lawyer);
      }
    }).catch(function () {
      setDisabled(box, false);
      notice("网络连接不畅，评价没有提交成功。", true);
    });
  }

  function renderUnavailable(text) {
    var bubble = row("bot");
    paragraphs(bubble, text);
    var line = el("p", "hotline");
    line.appendChild(document.createTextNode("服务热线："));
    var tel = el("a", null, HOTLINE);
    tel.href = "tel:" + HOTLINE.replace(/[^0-9+]/g, "");
    line.appendChild(tel);
    bubble.appendChild(line);
    var leave = el("button", "bot-chip", "留言给律师团队");
    leave.type = "button";
    leave.addEventListener("click", openLeaveDialog);
    bubble.appendChild(leave);
  }

  /* When the bot asks for the firm's zone, offer the district's zones as chips (from the page). */
  function zoneButtons() {
    var options = document.querySelectorAll("#leave-form select[name=zone] option");
    return Array.prototype.filter.call(options, function (o) { return o.value; })
      .map(function (o) { return { title: o.value, payload: o.value }; });
  }

  /* ---- the visible conversation, kept in this browser so that a reload shows it again ----
   * Items are the data the page renders from, never HTML: {k: "me", text}, {k: "bot", m},
   * {k: "down", text} (assistant unavailable), {k: "lawyer", name, text}. They are re-rendered by
   * the same textContent-only functions; anything malformed, oversized or from another
   * conversation is dropped and the page starts clean. */
  var TRANSCRIPT_KEY = "huiqi.transcript";
  var MAX_ITEMS = 60;
  var MAX_STORED_CHARS = 300000;
  var transcript = [];

  function cleanItem(item) {
    if (!isObject(item)) return null;
    if ((item.k === "me" || item.k === "down") && str(item.text)) return { k: item.k, text: item.text };
    if (item.k === "lawyer" && str(item.text)) return { k: "lawyer", name: str(item.name), text: item.text };
    if (item.k === "bot" && isObject(item.m)) return { k: "bot", m: cleanBot(item.m) };
    return null;
  }
  function renderItem(item) {
    if (item.k === "me") paragraphs(row("me"), item.text);
    else if (item.k === "bot") renderBot(item.m);
    else if (item.k === "down") renderUnavailable(item.text);
    else if (item.k === "lawyer") paragraphs(row("lawyer", item.name || "律师"), item.text);
  }
  function storeTranscript() {
    var value;
    for (;;) {
      value = JSON.stringify({ v: 1, sender: sender, items: transcript });
      if (value.length <= MAX_STORED_CHARS || !transcript.length) break;
      transcript.shift();
    }
    // Storage full: drop the stale copy rather than show an older conversation after a reload.
    if (!save(TRANSCRIPT_KEY, value)) { try { window.localStorage.removeItem(TRANSCRIPT_KEY); } catch (e) { /* blocked */ } }
  }
  /* Show one item and keep it. */
  function add(item) {
    renderItem(item);
    transcript.push(item);
    if (transcript.length > MAX_ITEMS) transcript = transcript.slice(-MAX_ITEMS);
    storeTranscript();
  }
  /* Everything in the log but the welcome message. */
  function clearLog() {
    Array.prototype.slice.call(log.children).forEach(function (node) {
      if (node.id !== "welcome") node.remove();
    });
    typingRow = null;
  }
  function restoreTranscript() {
    var raw = load(TRANSCRIPT_KEY);
    if (!raw) return;
    try {
      if (raw.length > MAX_STORED_CHARS) throw new Error("oversized");
      var data = JSON.parse(raw);
      if (!isObject(data) || data.v !== 1 || data.sender !== sender || !Array.isArray(data.items)) {
        throw new Error("not this conversation");
      }
      transcript = data.items.slice(-MAX_ITEMS).map(cleanItem).filter(Boolean);
      transcript.forEach(renderItem);
    } catch (e) {
      clearLog();
      transcript = [];
      forget(TRANSCRIPT_KEY);
    }
  }

  /* ---- typing indicator ---- */
  var typingRow = null;
  function showTyping() {
    if (typingRow) return;
    typingRow = el("div", "row bot typing");
    var avatar = el("img", "avatar");
    avatar.src = AVATARS.bot;
    avatar.alt = "";
    var bubble = el("div", "bubble");
    bubble.setAttribute("aria-label", "对方正在输入");
    for (var i = 0; i < 3; i++) bubble.appendChild(el("span", "dot"));
    typingRow.appendChild(avatar);
    typingRow.appendChild(bubble);
    log.appendChild(typingRow);
    scrollToEnd();
  }
  function hideTyping() {
    if (typingRow && pending === 0) { typingRow.remove(); typingRow = null; }
  }

  /* ---- talking to the server ---- */
  function postJSON(url, body) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal: controller.signal,
      credentials: "same-origin"
    }).then(function (response) {
      clearTimeout(timer);
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }, function (error) {
      clearTimeout(timer);
      throw error;
    });
  }

  function send(payload, shown) {
    var text = String(payload || "").trim();
    if (!text) return;
    if (text.length > MAX_CHARS) {
      notice("问题太长了（最多 " + MAX_CHARS + " 字），请精简后再发送。", true);
      return;
    }
    add({ k: "me", text: shown || text });
    var conversation = sender;
    pending++;
    showTyping();
    postJSON("api/chat", { sender: sender, message: text }).then(function (result) {
      pending--;
      hideTyping();
      if (conversation !== sender) return; // "新对话" was pressed while the answer was on its way
      if (result.status === 200) {
        listOf(result.data.messages, cleanBot).forEach(function (m) { add({ k: "bot", m: m }); });
      } else if (result.status === 503) {
        add({ k: "down", text: result.data.error || "服务暂时不可用。" });
      } else {
        notice(result.data.error || "发送失败，请稍后再试。", true);
      }
    }).catch(function () {
      pending--;
      hideTyping();
      if (conversation !== sender) return;
      add({ k: "down", text: "网络连接不畅，消息没有发出去。请检查网络后重试，或拨打惠企服务热线。" });
    }).then(scrollToEnd);
  }

  /* ---- composer ---- */
  function autoGrow() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 120) + "px";
  }
  composer.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim()) { input.focus(); return; }
    input.value = "";
    autoGrow();
    send(text);
    input.focus();
  });
  input.addEventListener("keydown", function (event) {
    // Enter sends; Shift+Enter is a new line; never send while an IME is still composing Chinese.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  input.addEventListener("input", autoGrow);
  document.getElementById("escalate").addEventListener("click", function () { send(app.dataset.escalate, "找律师 / 转人工"); });
  Array.prototype.forEach.call(document.querySelectorAll("#chips .chip"), function (chip) {
    chip.addEventListener("click", function () { send(chip.dataset.send); });
  });

  /* ---- returning firms: my tickets, look-up by number + phone, lawyers' replies ---- */
  function ticketSummary(t) {
    var box = el("div", "my-ticket");
    var head = el("div");
    head.appendChild(el("span", "ticket-number", t.number));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(statusBadge(t.status));
    box.appendChild(head);
    box.appendChild(el("p", "q", t.question));
    var meta = [t.zone, t.team_firm, t.created_at ? "提交于 " + formatTime(t.created_at) : ""].filter(Boolean).join(" · ");
    if (meta) box.appendChild(el("p", "muted", meta));
    (t.replies || []).forEach(function (r) {
      var reply = el("div", "reply");
      reply.appendChild(el("span", "by", (r.by || "律师") + (r.at ? " · " + formatTime(r.at) : "")));
      reply.appendChild(document.createTextNode(r.text));
      box.appendChild(reply);
    });
    if (!(t.replies || []).length) box.appendChild(el("p", "muted", "律师尚未答复，答复后会短信通知您。"));
    return box;
  }

  function showRepliesInChat(tickets) {
    var seen = seenReplies();
    tickets.forEach(function (t) {
      var replies = t.replies || [];
      for (var i = seen[t.number] || 0; i < replies.length; i++) {
        add({ k: "lawyer", name: (replies[i].by || "律师") + " · 工单 " + t.number, text: str(replies[i].text) });
      }
      seen[t.number] = replies.length;
    });
    save("huiqi.seenReplies", JSON.stringify(seen));
    scrollToEnd();
  }

  function fetchMyTickets() {
    var query = [sender].concat(pastSenders()).map(function (s) { return "sender=" + encodeURIComponent(s); });
    return fetch("api/chat/tickets?" + query.join("&"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { tickets: [] }; })
      .then(function (data) { return data.tickets || []; });
  }

  var ticketsDialog = document.getElementById("tickets-dialog");
  var myTickets = document.getElementById("my-tickets");
  document.getElementById("open-tickets").addEventListener("click", function () {
    ticketsDialog.showModal();
    myTickets.replaceChildren(el("p", "muted", "正在加载……"));
    fetchMyTickets().then(function (tickets) {
      myTickets.replaceChildren();
      if (!tickets.length) myTickets.appendChild(el("p", "muted", "这个浏览器还没有提交过工单。"));
      tickets.forEach(function (t) { myTickets.appendChild(ticketSummary(t)); });
      showRepliesInChat(tickets);
    }, function () {
      myTickets.replaceChildren(el("p", "form-error", "加载失败，请稍后再试。"));
    });
  });

  var lookupResult = document.getElementById("lookup-result");
  document.getElementById("lookup-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    lookupResult.replaceChildren(el("p", "muted", "正在查询……"));
    postJSON("api/chat/lookup", { number: form.number.value, phone: form.phone.value }).then(function (result) {
      lookupResult.replaceChildren();
      if (result.status === 200) {
        lookupResult.appendChild(ticketSummary(result.data.ticket));
      } else {
        lookupResult.appendChild(el("p", "form-error", result.data.error || "查询失败，请稍后再试。"));
      }
    }, function () {
      lookupResult.replaceChildren(el("p", "form-error", "网络连接不畅，请稍后再试。"));
    });
  });

  /* ---- leave a message when the assistant is down ---- */
  var leaveDialog = document.getElementById("leave-dialog");
  var leaveError = document.getElementById("leave-error");
  function openLeaveDialog() {
    leaveError.textContent = "";
    leaveDialog.showModal();
  }
  document.getElementById("leave-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var body = { sender: sender };
    ["firm_name", "contact_name", "phone", "zone", "question"].forEach(function (name) { body[name] = form[name].value; });
    leaveError.textContent = "";
    postJSON("api/chat/ticket", body).then(function (result) {
      if (result.status === 201) {
        leaveDialog.close();
        form.reset();
        var text = "您的留言已转给" + (result.data.ticket.team_firm || "所在片区的律师团队") + "。";
        add({ k: "bot", m: cleanBot({ text: text, ticket: result.data.ticket }) });
        scrollToEnd();
      } else {
        leaveError.textContent = result.data.error || "提交失败，请稍后再试。";
      }
    }, function () {
      leaveError.textContent = "网络连接不畅，请稍后再试或拨打热线 " + HOTLINE + "。";
    });
  });

  /* ---- "新对话": a fresh conversation id and an empty conversation ---- */
  document.getElementById("new-chat").addEventListener("click", function () {
    var past = pastSenders();
    past.push(sender);
    save("huiqi.pastSenders", JSON.stringify(past.slice(-MAX_PAST_SENDERS)));
    sender = "web-" + randomId();
    save("huiqi.sender", sender);
    transcript = [];
    forget(TRANSCRIPT_KEY);
    clearLog();
    notice("已开始新对话。之前提交的工单仍可在“我的工单”中查看。");
    input.focus();
  });

  /* A returning firm sees the conversation it had, then any new lawyer replies. */
  restoreTranscript();
  scrollToEnd();
  fetchMyTickets().then(showRepliesInChat, function () {});
  if (!window.matchMedia("(pointer: coarse)").matches) input.focus();
})();
