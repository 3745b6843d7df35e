/* mougraph SPARQL workbench: YASGUI (vendored) set up for this endpoint only, with the query
   catalogue as ready examples, a bar-chart result view drawn as SVG (offline), and permalinks
   that keep the query and the result view. Data is only ever put in the page as text
   (textContent, setAttribute), never as HTML. */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("wb-config").textContent);
  const L = config.labels;
  const lang = config.lang;
  const Yasgui = window.Yasgui;
  const Yasr = Yasgui.Yasr;
  const endpoint = new URL(config.endpoint, location.href).href;
  const SVG = "http://www.w3.org/2000/svg";
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMERIC = new Set(
    ["integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
      "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
      "unsignedShort", "unsignedByte"].map((name) => XSD + name),
  );
  const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  const MAX_BARS = 50;
  const SELECT_TYPES = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
    "text/tab-separated-values"];
  const GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"];
  const SHARED = ["query", "outputFormat", "contentTypeSelect", "contentTypeConstruct", "tabTitle", "requestMethod"];
  const DATASET_ARGS = ["default-graph-uri", "named-graph-uri"];

  // ------------------------------------------------------------ nothing leaves this server

  // Term autocompletion would ask Linked Open Vocabularies (a remote API): keep the local completers only.
  const completers = Yasgui.Yasqe.defaults.autocompleters;
  completers.splice(0, completers.length, ...completers.filter((name) => name === "prefixes" || name === "variables"));
  Yasgui.Yasqe.defaults.prefixCcApi = null; // the bundled prefix list, never prefix.cc

  // ------------------------------------------------------------ the chart view

  function isNumber(term) {
    if (!term || term.type === "uri" || term.type === "bnode") return false;
    if (term.datatype) return NUMERIC.has(term.datatype) && Number.isFinite(Number(term.value));
    return NUMBER.test(term.value.trim());
  }

  function termLanguage(variable, bindings) {
    const row = bindings.find((b) => b[variable]);
    const tag = row && row[variable]["xml:lang"];
    if (tag) return tag.toLowerCase().split("-")[0];
    const suffix = /_(th|en)$/.exec(variable);
    return suffix ? suffix[1] : null;
  }

  /** The column to chart (the first numeric column after the last text or IRI column) and the label columns. */
  function chartColumns(variables, bindings) {
    const used = variables.filter((v) => bindings.some((b) => b[v]));
    const numeric = used.map((v) => bindings.every((b) => !b[v] || isNumber(b[v])));
    const lastText = numeric.lastIndexOf(false);
    const at = numeric.indexOf(true, lastText + 1);
    if (at < 0) return null;
    const before = used.slice(0, at);
    const literal = before.filter((v) => bindings.every((b) => !b[v] || (b[v].type !== "uri" && b[v].type !== "bnode")));
    const inPageLanguage = literal.some((v) => termLanguage(v, bindings) === lang);
    const labels = literal.filter((v) => {
      const tag = termLanguage(v, bindings);
      return !tag || tag === lang || !inPageLanguage;
    });
    return { value: used[at], labels: labels.length ? labels : before.slice(0, 1) };
  }

  function shortIri(iri, prefixes) {
    for (const [prefix, namespace] of Object.entries(prefixes || {})) {
      if (namespace && iri.startsWith(namespace) && iri.length > namespace.length) {
        return `${prefix}:${iri.slice(namespace.length)}`;
      }
    }
    return decodeURIComponent(iri.replace(/[/#]$/, "").split(/[/#]/).pop() || iri);
  }

  function svgElement(name, attributes, text) {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
    if (text !== undefined) element.textContent = text;
    return element;
  }

  class ChartPlugin {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 5; // below the table (10): charts are chosen, never the fallback
      this.label = L.chart;
      this.svg = null;
    }

    columns() {
      const results = this.yasr.results;
      if (!results || results.hasError() || !results.getBindings) return null;
      const bindings = results.getBindings() || [];
      return bindings.length ? chartColumns(results.getVariables() || [], bindings) : null;
    }

    canHandleResults() {
      return this.columns() !== null;
    }

    getIcon() {
      const icon = svgElement("svg", { viewBox: "0 0 16 16", width: 16, height: 16, "aria-hidden": "true" });
      [[1, 9, 3, 6], [6, 4, 3, 11], [11, 7, 3, 8]].forEach(([x, y, w, h]) => {
        icon.appendChild(svgElement("rect", { x, y, width: w, height: h, fill: "currentColor" }));
      });
      const wrapper = document.createElement("div");
      wrapper.appendChild(icon);
      return wrapper;
    }

    draw() {
      const figure = document.createElement("figure");
      figure.className = "wb-chart-figure";
      const columns = this.columns();
      if (!columns) {
        const note = document.createElement("p");
        note.textContent = L.chart_none;
        figure.appendChild(note);
        this.yasr.resultsEl.appendChild(figure);
        return;
      }
      const bindings = this.yasr.results.getBindings();
      const prefixes = this.yasr.getPrefixes();
      const rows = bindings.slice(0, MAX_BARS).map((binding, index) => {
        const parts = columns.labels
          .map((v) => binding[v] && (binding[v].type === "uri" ? shortIri(binding[v].value, prefixes) : binding[v].value))
          .filter(Boolean);
        const term = binding[columns.value];
        return { label: parts.join(" · ") || String(index + 1), value: term ? Number(term.value) : NaN };
      });
      const largest = Math.max(0, ...rows.filter((r) => Number.isFinite(r.value)).map((r) => r.value)) || 1;
      const rowHeight = 40;
      const caption = L.chart_caption.replace("{value}", columns.value).replace("{label}", columns.labels.join(", "));
      const svg = svgElement("svg", {
        xmlns: SVG, class: "wb-chart", width: "100%", height: rows.length * rowHeight + 4, role: "img",
        "aria-label": caption, "font-family": "sans-serif", "font-size": 14,
      });
      rows.forEach((row, index) => {
        const top = index * rowHeight;
        const share = Number.isFinite(row.value) && row.value > 0 ? Math.max(0.5, (row.value / largest) * 85) : 0;
        const group = svgElement("g", {});
        group.appendChild(svgElement("title", {}, `${row.label}: ${Number.isFinite(row.value) ? row.value : "–"}`));
        group.appendChild(svgElement("text", { x: 0, y: top + 14, fill: "#1d2a33", class: "wb-chart-label" }, row.label));
        group.appendChild(svgElement("rect", { x: 0, y: top + 20, width: `${share}%`, height: 14, fill: "#1f6f8b", rx: 2 }));
        group.appendChild(svgElement("text", { x: `${share + 1}%`, y: top + 32, fill: "#1d2a33", class: "wb-chart-value" },
          Number.isFinite(row.value) ? row.value.toLocaleString(lang === "th" ? "th-TH" : "en") : "–"));
        svg.appendChild(group);
      });
      figure.appendChild(svg);
      const text = document.createElement("figcaption");
      text.textContent = bindings.length > MAX_BARS
        ? `${caption}. ${L.chart_more.replace("{shown}", MAX_BARS).replace("{total}", bindings.length)}`
        : caption;
      figure.appendChild(text);
      this.yasr.resultsEl.appendChild(figure);
      this.svg = svg;
    }

    download() {
      const svg = this.svg;
      if (!svg) return undefined;
      return {
        contentType: "image/svg+xml",
        getData: () => new XMLSerializer().serializeToString(svg),
        filename: "mougraph-chart.svg",
        title: L.download_svg,
      };
    }
  }

  // YASR's own views, renamed in the page language; then the chart.
  for (const [name, label] of [["table", L.table], ["response", L.response]]) {
    const Base = Yasr.plugins[name];
    if (Base) {
      Yasr.registerPlugin(name, class extends Base {
        constructor(yasr) {
          super(yasr);
          this.label = label;
        }
      });
    }
  }
  Yasr.registerPlugin("chart", ChartPlugin);

  // ------------------------------------------------------------ YASGUI, for this endpoint only

  /** A tab opened from a URL (a permalink, or /sparql?query=…): this endpoint, offered formats, no headers. */
  function fromUrl(tab) {
    const request = tab.requestConfig;
    request.endpoint = endpoint;
    request.headers = {};
    request.method = request.method === "GET" ? "GET" : "POST";
    request.args = (request.args || []).filter((arg) => DATASET_ARGS.includes(arg.name));
    if (!SELECT_TYPES.includes(request.acceptHeaderSelect)) request.acceptHeaderSelect = SELECT_TYPES[0];
    if (!GRAPH_TYPES.includes(request.acceptHeaderGraph)) request.acceptHeaderGraph = GRAPH_TYPES[0];
    return tab;
  }

  // A permalink (#query=…) or /sparql?query=… sent here: YASGUI opens it in a tab and runs it.
  const fromLink = [location.hash.slice(1), location.search.slice(1)].some((p) => new URLSearchParams(p).has("query"));
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {
      endpoint, method: "POST", acceptHeaderSelect: SELECT_TYPES[0], acceptHeaderGraph: GRAPH_TYPES[0],
    },
    endpointCatalogueOptions: { getData: () => [{ endpoint }], keys: [] },
    copyEndpointOnNewTab: false,
    tabName: L.tab,
    populateFromUrl: fromUrl,
    yasr: { pluginOrder: ["table", "chart", "response"], defaultPlugin: "table" },
  });
  // Tabs kept in this browser from an earlier visit may name another endpoint: this page asks this one only.
  for (const id of Object.keys(yasgui._tabs)) {
    if (yasgui._tabs[id].getEndpoint() !== endpoint) yasgui._tabs[id].setEndpoint(endpoint);
  }

  // ------------------------------------------------------------ result formats

  const selectFormat = document.getElementById("wb-select-format");
  const graphFormat = document.getElementById("wb-graph-format");

  function showFormats() {
    const tab = yasgui.getTab();
    if (!tab) return;
    const request = tab.getPersistedJson().requestConfig;
    for (const [select, value] of [[selectFormat, request.acceptHeaderSelect], [graphFormat, request.acceptHeaderGraph]]) {
      if (typeof value === "string" && [...select.options].some((o) => o.value === value)) select.value = value;
    }
  }
  selectFormat.addEventListener("change", () => yasgui.getTab().setRequestConfig({ acceptHeaderSelect: selectFormat.value }));
  graphFormat.addEventListener("change", () => yasgui.getTab().setRequestConfig({ acceptHeaderGraph: graphFormat.value }));
  yasgui.on("tabSelect", () => setTimeout(showFormats, 0));
  showFormats();

  // ------------------------------------------------------------ permalinks

  const box = document.getElementById("wb-permalink-box");
  const field = document.getElementById("wb-permalink");
  const open = document.getElementById("wb-permalink-open");
  const status = document.getElementById("wb-permalink-status");

  /** The page's URL with the tab's query, result view and formats in its fragment (read back by YASGUI). */
  function permalink(tab) {
    const share = Yasgui.linkUtils.createShareConfig(tab);
    const params = new URLSearchParams();
    for (const key of SHARED) {
      if (share[key]) params.append(key, share[key]);
    }
    for (const arg of share.args || []) {
      if (DATASET_ARGS.includes(arg.name)) params.append(arg.name, arg.value);
    }
    return `${location.origin}${location.pathname}?lang=${lang}#${params.toString()}`;
  }

  document.getElementById("wb-share").addEventListener("click", async () => {
    const link = permalink(yasgui.getTab());
    field.value = link;
    open.href = link;
    box.hidden = false;
    field.select();
    status.textContent = "";
    try {
      await navigator.clipboard.writeText(link);
      status.textContent = L.copied;
    } catch (error) {
      // no clipboard (insecure origin, or refused): the selected field is there to copy by hand
    }
  });
  yasgui.on("tabSelect", () => { box.hidden = true; });

  // ------------------------------------------------------------ the catalogue

  const list = document.getElementById("wb-catalogue-list");

  async function openQuery(entry) {
    const title = (entry.title && (entry.title[lang] || entry.title.en)) || entry.name;
    const url = `${config.runnable}${encodeURIComponent(entry.name)}.rq?lang=${lang}`;
    const response = await fetch(url, { headers: { Accept: "application/sparql-query" } });
    if (!response.ok) throw new Error(await response.text());
    const text = await response.text();
    const tab = yasgui.addTab(true, { name: title, yasqe: { value: text }, requestConfig: { endpoint } },
      { avoidDuplicateTabs: true });
    tab.show();
    showFormats();
    if (window.matchMedia("(max-width: 760px)").matches) {
      document.getElementById("wb-catalogue").open = false;
      document.getElementById("yasgui").scrollIntoView();
    }
    return tab;
  }

  function drawCatalogue(entries) {
    list.replaceChildren();
    for (const entry of entries) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "wb-query";
      button.dataset.name = entry.name;
      const title = document.createElement("span");
      title.className = "wb-query-title";
      title.textContent = (entry.title && (entry.title[lang] || entry.title.en)) || entry.name;
      const name = document.createElement("code");
      name.textContent = entry.name;
      button.append(title, name);
      if (entry.description) button.title = entry.description;
      const parameters = entry.parameters || [];
      if (parameters.length) {
        const note = document.createElement("span");
        note.className = "wb-query-params";
        note.textContent = `${L.parameters}: ${parameters.map((p) => `?${p.name} = ${p.default ?? "…"}`).join(", ")}`;
        button.appendChild(note);
      }
      button.addEventListener("click", () => {
        openQuery(entry).catch((error) => {
          button.classList.add("wb-failed");
          button.title = String(error.message || error);
        });
      });
      item.appendChild(button);
      list.appendChild(item);
    }
  }

  fetch(config.catalogue, { headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.statusText))))
    .then(drawCatalogue)
    .catch(() => {
      const item = document.createElement("li");
      item.className = "wb-error";
      item.textContent = L.catalogue_error;
      list.replaceChildren(item);
    });

  // YASGUI runs a query that came in the URL; on a phone, show it rather than the catalogue.
  if (window.matchMedia("(max-width: 760px)").matches && fromLink) {
    document.getElementById("wb-catalogue").open = false;
  }

  window.mougraphWorkbench = { yasgui, permalink, openQuery, chartColumns };
})();
