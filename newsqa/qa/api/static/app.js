// News QA chat page. Every piece of server text is inserted with textContent, never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const turns = [];
let busy = false;

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

function setStatus(message, isError = false) {
  const status = $("status");
  status.hidden = !message;
  status.textContent = message || "";
  status.classList.toggle("error", isError);
}

async function api(path, options = {}) {
  const response = await fetch(path, {headers: {"content-type": "application/json"}, ...options});
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  if (!response.ok) {
    const detail = body && typeof body.detail === "string" ? body.detail : response.statusText;
    const prefix = response.status === 503 ? "The server is busy or its store is unavailable: " : "";
    throw new Error(prefix + detail);
  }
  return body;
}

// The answer text with each [n] turned into a button that opens citation n.
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

function sourceList(citations) {
  const list = el("ol", {class: "sources"});
  for (const c of citations) {
    list.append(el("li", {value: String(c.n), onclick: () => openCitation(c)},
      el("span", {class: "source-title", text: c.title}),
      el("span", {class: "badge", text: c.language}),
      el("span", {class: "meta", text: c.doc_id}),
      el("span", {class: "quote", text: `“${c.quote}”`})));
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
  item.scrollIntoView({block: "end"});
  return item;
}

function showAnswer(data) {
  addTurn(data.abstained ? "assistant abstained" : "assistant", (bubble, item) => {
    if (data.abstained) {
      bubble.append(el("span", {class: "abstain-label", text: "The documents do not say…"}));
      bubble.append(el("span", {text: data.answer}));
      if (data.related.length) {
        bubble.append(el("p", {class: "meta", text: "Related reading:"}), relatedList(data.related));
      }
    } else {
      if (data.short) {
        bubble.append(el("p", {class: "short", text: `${data.short.text} [${data.short.n}]`}));
      }
      bubble.append(answerWithMarkers(data.answer, data.citations), sourceList(data.citations));
    }
    if (data.warning) bubble.append(el("p", {class: "warning", text: data.warning}));
    item.dataset.confidence = String(data.confidence);
  });
}

async function ask(question) {
  if (busy) return;
  busy = true;
  $("send").disabled = true;
  setStatus("Searching the articles…");
  addTurn("user", (bubble) => bubble.append(el("span", {text: question})));
  try {
    const data = await api("/ask", {method: "POST", body: JSON.stringify({question, history: turns.slice(-8)})});
    turns.push({role: "user", content: question}, {role: "assistant", content: data.answer});
    showAnswer(data);
    setStatus("");
  } catch (error) {
    setStatus(error.message, true);
  } finally {
    busy = false;
    $("send").disabled = false;
  }
}

// Show a document with characters start..end highlighted, located by offsets into its stored text.
async function openDocument(docId, start, end) {
  try {
    const doc = await api(`/documents/${encodeURIComponent(docId)}`);
    $("reader").hidden = false;
    $("reader-title").textContent = doc.title;
    $("reader-meta").textContent = `${doc.doc_id} · ${doc.language} · ${doc.chunks} passages` +
      (start === undefined ? "" : ` · characters ${start}–${end}`);
    const body = $("reader-text");
    body.replaceChildren();
    if (start === undefined) {
      body.append(doc.text);
      body.scrollTop = 0;
      return;
    }
    const mark = el("mark", {id: "highlight", text: doc.text.slice(start, end)});
    body.append(doc.text.slice(0, start), mark, doc.text.slice(end));
    mark.scrollIntoView({block: "center"});
  } catch (error) {
    setStatus(error.message, true);
  }
}

function openCitation(citation) {
  return openDocument(citation.doc_id, citation.start, citation.end);
}

async function showDocuments() {
  $("chat-view").hidden = true;
  $("docs-view").hidden = false;
  $("show-docs").classList.add("active");
  $("show-chat").classList.remove("active");
  try {
    const docs = await api("/documents");
    const rows = docs.map((d) => el("tr", {onclick: () => openDocument(d.doc_id)},
      el("td", {text: d.title}), el("td", {text: d.language}), el("td", {text: String(d.chunks)})));
    $("documents").tBodies[0].replaceChildren(...rows);
  } catch (error) {
    setStatus(error.message, true);
  }
}

function showChat() {
  $("docs-view").hidden = true;
  $("chat-view").hidden = false;
  $("show-chat").classList.add("active");
  $("show-docs").classList.remove("active");
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
  $("show-docs").addEventListener("click", showDocuments);
  $("show-chat").addEventListener("click", showChat);
  $("reset").addEventListener("click", () => { turns.length = 0; $("conversation").replaceChildren(); setStatus(""); });
  $("reader-close").addEventListener("click", () => { $("reader").hidden = true; });
});
