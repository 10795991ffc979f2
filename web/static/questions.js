// creatorclub: live question boxes. The page works without this script
// (forms post and the page reloads); with it, questions, votes and states
// arrive over Server-Sent Events and votes are sent without reloading.
"use strict";
(() => {
  const root = document.getElementById("questions");
  if (!root || !window.EventSource) return;
  const status = root.querySelector(".live-status");
  const presenter = root.dataset.presenter === "1";
  const sortBy = root.dataset.sort || "votes";
  const text = (el, s) => { if (el) el.textContent = s; };

  function listFor(box) {
    if (presenter) return root.querySelector("ol.questions");
    return root.querySelector(`section[data-box="${box}"] ol.questions`);
  }

  function build(q) {
    const section = root.querySelector(`section[data-box="${q.box}"]`);
    const tpl = section && section.querySelector("template.q-template");
    let li;
    if (tpl) {
      li = tpl.content.firstElementChild.cloneNode(true);
      for (const el of li.querySelectorAll("[action]")) {
        el.setAttribute("action", el.getAttribute("action").replace("/questions/0/", `/questions/${q.id}/`));
      }
      for (const el of li.querySelectorAll("[id],[for],[aria-labelledby]")) {
        for (const attr of ["id", "for", "aria-labelledby"]) {
          const v = el.getAttribute(attr);
          if (v && v.endsWith("-0")) el.setAttribute(attr, v.slice(0, -2) + "-" + q.id);
        }
      }
    } else {
      li = document.createElement("li");
      li.className = "q";
      // The arrow is decoration; a screen reader hears "3 vote(s)".
      li.innerHTML = '<p class="q-text"></p><p class="q-meta"><span class="q-author"></span> <span class="q-votes"></span> <span aria-hidden="true">▲</span> <span class="sr-only"></span></p>';
      text(li.querySelector(".sr-only"), root.dataset.votesLabel || "");
    }
    li.id = `q-${q.id}`;
    li.dataset.id = q.id;
    li.dataset.created = q.created || 0;
    return li;
  }

  function update(li, q) {
    text(li.querySelector(".q-text"), q.text);
    const author = li.querySelector(".q-author");
    if (author) text(author, q.author || (q.visibility === "anonymous" ? root.dataset.anon || "" : ""));
    text(li.querySelector(".q-votes"), String(q.votes));
    li.dataset.votes = q.votes;
    li.classList.toggle("answered", !!q.answered);
    li.classList.toggle("pinned", !!q.pinned);
    const a = li.querySelector(".q-answered"); if (a) a.hidden = !q.answered;
    const p = li.querySelector(".q-pinned"); if (p) p.hidden = !q.pinned;
    const st = li.querySelector(".q-status"); if (st && q.status === "visible") st.remove();
    const num = li.querySelector(".q-number"); if (num) text(num, `#${q.id}`);
  }

  function place(list, li) {
    const items = [...list.children].filter((x) => x !== li);
    const key = (x) => sortBy === "recent" ? -Number(x.dataset.created || x.dataset.id) :
      (x.classList.contains("answered") ? 1e9 : 0) - Number(x.dataset.votes);
    const k = key(li);
    const before = items.find((x) => key(x) > k);
    if (before) list.insertBefore(li, before); else list.appendChild(li);
  }

  function pinned(q) {
    const box = root.querySelector(".pinned-box");
    if (!box) return;
    const shown = document.getElementById("pinned-text");
    if (q.pinned && !q.removed) { box.hidden = false; text(shown, q.text); box.dataset.id = q.id; }
    else if (box.dataset.id == q.id || (!box.dataset.id && shown.textContent === q.text)) { box.hidden = true; box.dataset.id = ""; }
  }

  function apply(q) {
    let li = document.getElementById(`q-${q.id}`);
    pinned(q);
    if (q.removed || (presenter && (q.answered || q.pinned))) { if (li) li.remove(); return; }
    const list = listFor(q.box);
    if (!list) return;
    if (!li) li = build(q);
    update(li, q);
    place(list, li);
  }

  let es;
  function connect() {
    // The first connection resumes from the page's last change; the browser
    // then sends Last-Event-ID itself on reconnection.
    es = new EventSource(`${root.dataset.stream}?depuis=${root.dataset.last || 0}`);
    es.addEventListener("question", (ev) => {
      root.dataset.last = ev.lastEventId;
      try { apply(JSON.parse(ev.data)); } catch (e) { /* ignore a bad message */ }
    });
    es.onopen = () => text(status, "● " + (root.dataset.liveOn || "live"));
    es.onerror = () => text(status, "…");
  }
  connect();

  // Votes without reloading: the live stream brings the new count.
  root.addEventListener("submit", (ev) => {
    const form = ev.target;
    if (!form.classList.contains("vote")) return;
    ev.preventDefault();
    const btn = form.querySelector("button");
    fetch(form.action, { method: "POST", body: new FormData(form), headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then((res) => {
        if (res.ok && btn) {
          const on = btn.getAttribute("aria-pressed") !== "true";
          btn.setAttribute("aria-pressed", on ? "true" : "false");
          btn.classList.toggle("voted", on);
        }
      });
  });
})();
