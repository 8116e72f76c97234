// News QA chat page. Every piece of server text is inserted with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const STORE = "newsqa.conversations";
const KEY = "newsqa.key";
let current = newConversation();
let busy = false;
let lastFailed = null;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function setStatus(message, isError = false, retry = false) {
  const status = $("status");
  status.hidden = !message;
  status.textContent = message || "";
  status.classList.toggle("error", isError);
  $("retry").hidden = !retry;
}

// --- the API key (this tab only) and requests -------------------------------------------------
function apiKey() { return sessionStorage.getItem(KEY) || ""; }

function headers(json = true) {
  const h = json ? {"content-type": "application/json"} : {};
  if (apiKey()) h.authorization = `Bearer ${apiKey()}`;
  return h;
}

async function failure(response) {
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  const detail = body && typeof body.detail === "string" ? body.detail : response.statusText;
  const prefix = response.status === 503 ? "The server is busy or its store is unavailable: " : "";
  const hint = response.status === 401 || response.status === 403 ? " (set the API key with the Key button)" : "";
  return new Error(prefix + detail + hint);
}

async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, {headers: headers(!(options.body instanceof FormData)), ...options});
  } catch {
    throw new Error("The server cannot be reached. Is `qa serve` running?");
  }
  if (!response.ok) throw await failure(response);
  return response.json();
}

// Ask through the OpenAI-compatible endpoint, streamed: onText gets the answer as it comes, the
// resolved value is the full answer (the `newsqa` field of the last chunk).
async function askStreamed(messages, onText) {
  let response;
  try {
    response = await fetch("/v1/chat/completions", {method: "POST", headers: headers(),
      body: JSON.stringify({model: "newsqa", messages, stream: true, gloss: true})});
  } catch {
    throw new Error("The server cannot be reached. Is `qa serve` running?");
  }
  if (!response.ok) throw await failure(response);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "", text = "", answer = null;
  for (;;) {
    const {value, done} = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, {stream: true}).replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const event = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = event.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("\n");
      if (!data || data === "[DONE]") continue;
      const chunk = JSON.parse(data);
      if (chunk.error) throw new Error(chunk.error.message);
      const delta = chunk.choices && chunk.choices[0] && chunk.choices[0].delta;
      if (delta && delta.content) { text += delta.content; onText(text); }
      if (chunk.newsqa) answer = chunk.newsqa;
    }
  }
  if (!answer) throw new Error("The answer was cut off; try again.");
  return answer;
}

// --- rendering answers ----------------------------------------------------------------------------
function answerWithMarkers(text, citations) {
  const fragment = document.createDocumentFragment();
  const byNumber = new Map(citations.map((c) => [c.n, c]));
  let last = 0;
  for (const match of text.matchAll(/\[(\d+)\]/g)) {
    fragment.append(text.slice(last, match.index));
    const citation = byNumber.get(Number(match[1]));
    if (citation) {
      fragment.append(el("button", {type: "button", class: "marker", text: match[0],
        "aria-label": `Open source ${citation.n}`, onclick: () => openCitation(citation)}));
    } else {
      fragment.append(match[0]);
    }
    last = match.index + match[0].length;
  }
  fragment.append(text.slice(last));
  return fragment;
}

// The quote, its glossed words wrapped: hover shows the gloss, a tap or Enter pins it.
function glossedQuote(c) {
  const quote = el("span", {class: "quote"});
  quote.append("“");
  let at = 0;
  for (const g of [...(c.glosses || [])].sort((a, b) => a.start - b.start)) {
    const from = g.start - c.start, to = g.end - c.start;
    if (from < at || to > c.quote.length) continue;
    quote.append(c.quote.slice(at, from));
    const meaning = (g.reading ? `${g.reading} · ` : "") + g.meaning;
    const word = el("span", {class: "gloss", tabindex: "0", title: meaning, "data-gloss": meaning,
      text: c.quote.slice(from, to)});
    const pin = (event) => { event.stopPropagation(); word.classList.toggle("open"); };
    word.addEventListener("click", pin);
    word.addEventListener("keydown", (event) => { if (event.key === "Enter") pin(event); });
    quote.append(word);
    at = to;
  }
  quote.append(c.quote.slice(at), "”");
  return quote;
}

// "Title › Section"; a title that is only the article's first line, quoted again, is not repeated.
function sourceTitle(c) {
  const title = c.quote.includes(c.title) || c.title.includes(c.quote) ? "The article's opening"
    : c.title.length > 80 ? c.title.slice(0, 78) + "…" : c.title;
  return c.section ? `${title} › ${c.section}` : title;
}

function sourceList(citations) {
  const list = el("ol", {class: "sources"});
  for (const c of citations) {
    list.append(el("li", {value: String(c.n), onclick: () => openCitation(c)},
      el("span", {class: "source-title", text: sourceTitle(c)}),
      el("span", {class: "badge", text: c.language}),
      el("span", {class: "meta", text: c.doc_id}),
      glossedQuote(c)));
  }
  return list;
}

function relatedList(related) {
  const list = el("ul", {class: "sources related"});
  for (const hit of related) {
    list.append(el("li", {onclick: () => openDocument(hit.doc_id, hit.start, hit.end)},
      el("span", {class: "source-title", text: hit.title}),
      el("span", {class: "badge", text: hit.language}),
      el("span", {class: "quote", text: hit.text.length > 220 ? hit.text.slice(0, 220) + "…" : hit.text})));
  }
  return list;
}

function addTurn(role, build) {
  const item = el("li", {class: `turn ${role}`});
  const bubble = el("div", {class: "bubble"});
  build(bubble, item);
  item.append(bubble);
  $("conversation").append(item);
  $("empty").hidden = true;
  item.scrollIntoView({block: "end"});
  return item;
}

function fillAnswer(item, data) {
  item.className = data.abstained ? "turn assistant abstained" : "turn assistant";
  const bubble = item.querySelector(".bubble");
  bubble.replaceChildren();
  if (data.abstained) {
    bubble.append(el("span", {class: "abstain-label", text: "The documents do not say…"}));
    bubble.append(el("span", {text: data.answer}));
    if (data.related.length) bubble.append(el("p", {class: "meta", text: "Related reading:"}), relatedList(data.related));
  } else {
    if (data.short) {
      const reading = data.short.reading ? ` (${data.short.reading})` : "";
      bubble.append(el("p", {class: "short", text: `${data.short.text}${reading} [${data.short.n}]`}));
    }
    bubble.append(answerWithMarkers(data.answer, data.citations), sourceList(data.citations));
  }
  if (data.query && data.question && data.query !== data.question) {  // a follow-up read with its previous turn
    bubble.append(el("p", {class: "meta read-with", text: `Searched with the previous question: ${data.query}`}));
  }
  if (data.warning) bubble.append(el("p", {class: "warning", text: data.warning}));
  item.dataset.confidence = String(data.confidence);
}

// --- conversations, kept in this browser ----------------------------------------------------------
function newConversation() { return {id: String(Date.now()), title: "", turns: [], shown: []}; }

function saved() {
  try { return JSON.parse(localStorage.getItem(STORE) || "[]"); } catch { return []; }
}

function save() {
  if (!current.shown.length) return;
  const others = saved().filter((c) => c.id !== current.id);
  localStorage.setItem(STORE, JSON.stringify([{...current, updated: Date.now()}, ...others].slice(0, 30)));
}

function render(conversation) {
  current = conversation;
  $("conversation").replaceChildren();
  $("empty").hidden = conversation.shown.length > 0;
  for (const {question, data} of conversation.shown) {
    addTurn("user", (bubble) => bubble.append(el("span", {text: question})));
    fillAnswer(addTurn("assistant", () => {}), data);
  }
}

function showHistory() {
  show("history-view", "show-history");
  const items = saved().map((c) => el("li", {},
    el("button", {type: "button", class: "open-conversation", text: c.title || "(untitled)",
      onclick: () => { render(c); show("chat-view", "show-chat"); }}),
    el("span", {class: "meta", text: ` ${c.shown.length} questions · ${new Date(c.updated).toLocaleString()}`}),
    el("button", {type: "button", class: "forget", "aria-label": "Delete this conversation", text: "×",
      onclick: () => {
        localStorage.setItem(STORE, JSON.stringify(saved().filter((o) => o.id !== c.id)));
        showHistory();
      }})));
  $("history-list").replaceChildren(...(items.length ? items : [el("li", {class: "meta", text: "Nothing saved yet."})]));
}

// --- asking -----------------------------------------------------------------------------------
async function ask(question) {
  if (busy) return;
  busy = true;
  lastFailed = null;
  $("send").disabled = true;
  setStatus("Searching the articles…");
  const asked = addTurn("user", (bubble) => bubble.append(el("span", {text: question})));
  const answer = addTurn("assistant pending", (bubble) => bubble.append(el("span", {class: "typing", text: "…"})));
  const messages = [...current.turns.slice(-8), {role: "user", content: question}];
  try {
    const data = await askStreamed(messages, (text) => {
      answer.querySelector(".bubble").replaceChildren(el("span", {text}));
      setStatus("Answering…");
    });
    fillAnswer(answer, data);
    current.turns.push({role: "user", content: question}, {role: "assistant", content: data.answer});
    current.shown.push({question, data});
    current.title = current.title || question;
    save();
    setStatus("");
  } catch (error) {
    asked.remove();
    answer.remove();
    if (!$("question").value) $("question").value = question;  // nothing typed is lost
    lastFailed = question;
    setStatus(error.message, true, true);
    $("empty").hidden = current.shown.length > 0;
  } finally {
    busy = false;
    $("send").disabled = false;
  }
}

// --- reading a document -------------------------------------------------------------------------
async function openDocument(docId, start, end) {
  try {
    const doc = await api(`/documents/${encodeURIComponent(docId)}`);
    const reader = $("reader");
    reader.hidden = false;
    $("reader-title").textContent = doc.title;
    $("reader-meta").textContent = `${doc.doc_id} · ${doc.language} · ${doc.chunks} passages` +
      (start === undefined ? "" : ` · characters ${start}–${end}`);
    const body = $("reader-text");
    body.replaceChildren();
    reader.scrollTop = 0;  // each document opens at its top
    if (start === undefined) { body.append(doc.text); return; }
    const mark = el("mark", {id: "highlight", text: doc.text.slice(start, end)});
    body.append(doc.text.slice(0, start), mark, doc.text.slice(end));
    // scroll the pane (not the page) so the quote sits in the middle, under the sticky title
    const top = mark.getBoundingClientRect().top - reader.getBoundingClientRect().top + reader.scrollTop;
    reader.scrollTop = Math.max(0, top - reader.clientHeight / 2);
  } catch (error) {
    setStatus(error.message, true);
  }
}

function openCitation(citation) { return openDocument(citation.doc_id, citation.start, citation.end); }

// --- views ------------------------------------------------------------------------------------
function show(view, tab) {
  for (const v of ["chat-view", "history-view", "docs-view"]) $(v).hidden = v !== view;
  for (const t of ["show-chat", "show-history", "show-docs"]) $(t).classList.toggle("active", t === tab);
}

async function showDocuments() {
  show("docs-view", "show-docs");
  $("upload-form").hidden = !apiKey();
  $("url-form").hidden = !apiKey();
  $("upload-hint").hidden = Boolean(apiKey());
  try {
    const docs = await api("/documents");
    const rows = docs.map((d) => el("tr", {onclick: () => openDocument(d.doc_id)},
      el("td", {text: d.title}), el("td", {text: sourceName(d), title: d.source}),
      el("td", {text: d.published || ""}), el("td", {text: d.language}), el("td", {text: String(d.chunks)})));
    $("documents").tBodies[0].replaceChildren(...rows);
  } catch (error) {
    setStatus(error.message, true);
  }
}

// Where a document came from, short: the site (or host) of a URL, the file name of a path, "added here".
function sourceName(d) {
  if (/^https?:\/\//.test(d.source)) return d.site || new URL(d.source).host;
  if (d.source.startsWith("api:")) return "added here";
  return d.source.split("/").pop();
}

function ingested(made) {
  if (made.feed) {
    const skipped = made.skipped.length ? `, ${made.skipped.length} skipped` : "";
    return `Feed read: ${made.documents.length} new or updated, ${made.unchanged.length} unchanged${skipped}.`;
  }
  const verb = {added: "Indexed", replaced: "Replaced", unchanged: "Already up to date:"}[made.status];
  return `${verb} ${made.document.title} (${made.doc_id}, ${made.chunks} passages).`;
}

async function addDocument(form, label, formElement) {
  setStatus(`Indexing ${label}…`);
  try {
    const body = form instanceof FormData ? form : JSON.stringify(form);
    const made = await api("/documents", {method: "POST", body});
    setStatus(ingested(made));
    formElement.reset();
    await Promise.all([showDocuments(), loadExamples()]);
  } catch (error) {
    setStatus(error.message, true);
  }
}

function upload(event) {
  event.preventDefault();
  const file = $("upload-file").files[0];
  if (!file) return;
  const form = new FormData();
  form.append("file", file);
  if ($("upload-replace").checked) form.append("replace", "true");
  return addDocument(form, file.name, $("upload-form"));
}

function fetchUrl(event) {
  event.preventDefault();
  const url = $("url-input").value.trim();
  if (url) return addDocument({url}, url, $("url-form"));
}

async function loadExamples() {
  try {
    const info = await api("/examples");
    const languages = Object.entries(info.languages).map(([l, n]) => `${l} ${n}`).join(", ");
    $("indexed").textContent = `${info.documents} documents indexed` + (languages ? ` (${languages})` : "") + ".";
    $("examples").replaceChildren(...info.questions.map((q) =>
      el("button", {type: "button", class: "example", lang: q.language, text: q.question,
        onclick: () => ask(q.question)})));
  } catch (error) {
    $("indexed").textContent = `What is indexed cannot be shown: ${error.message}`;
  }
}

function toggleKeyPanel() {
  const panel = $("key-panel");
  panel.hidden = !panel.hidden;
  $("show-key").setAttribute("aria-expanded", String(!panel.hidden));
  if (!panel.hidden) $("api-key").focus();
}

function keyChanged() {
  $("show-key").classList.toggle("set", Boolean(apiKey()));
  $("show-key").textContent = apiKey() ? "Key ✓" : "Key";
  if (!$("docs-view").hidden) showDocuments();
}

document.addEventListener("DOMContentLoaded", () => {
  const input = $("question");
  $("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (!question) { setStatus("Type a question first.", true); return; }
    input.value = "";
    ask(question);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("ask-form").requestSubmit();
    }
  });
  $("retry").addEventListener("click", () => {
    const question = lastFailed;
    if (!question) return;
    if (input.value.trim() === question) input.value = "";
    ask(question);
  });
  $("show-docs").addEventListener("click", showDocuments);
  $("show-chat").addEventListener("click", () => show("chat-view", "show-chat"));
  $("show-history").addEventListener("click", showHistory);
  $("reset").addEventListener("click", () => { render(newConversation()); setStatus(""); show("chat-view", "show-chat"); });
  $("reader-close").addEventListener("click", () => { $("reader").hidden = true; });
  $("show-key").addEventListener("click", toggleKeyPanel);
  $("key-panel").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, $("api-key").value.trim());
    $("api-key").value = "";
    toggleKeyPanel();
    keyChanged();
  });
  $("forget-key").addEventListener("click", () => { sessionStorage.removeItem(KEY); keyChanged(); });
  $("upload-form").addEventListener("submit", upload);
  $("url-form").addEventListener("submit", fetchUrl);
  keyChanged();
  loadExamples();
});
