/* The web editor's live preview and its counted text field (Decap CMS, /admin/).
 *
 * While a card is typed into the form, the preview pane shows, for every language, the card's
 * printed front and back (the PDFs' own stylesheet, at the card's size) and its card page, from
 * the form's data: no build, no request. The deck's registries and interface words come from the
 * admin page's data block (#oc-preview-data, written by outreach_cards/cms/preview.py).
 * Text is rendered as React text (escaped); only the theme icons, from the build, are markup.
 * Markdown is shown as on the pages for paragraphs, **bold**, *italic* and [links](...); the
 * build's own rendering stays the reference.
 */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var source = document.getElementById("oc-preview-data");
  if (!CMS || !h || !createClass || !source) return;
  var DATA = JSON.parse(source.textContent);
  var DEFAULT = DATA.languages[0];

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? String(values[name]) : all;
    });
  }

  function label(language, key) {
    var words = DATA.labels[language] || DATA.labels[DEFAULT];
    return words[key] || DATA.labels[DEFAULT][key];
  }

  function plain(value) {
    if (value === undefined || value === null) return undefined;
    return value && typeof value.toJS === "function" ? value.toJS() : value;
  }

  // A text per language: the language's own, else the default language's.
  function inLanguage(texts, language) {
    return texts[language] || texts[DEFAULT];
  }

  function term(registry, key, language) {
    var entry = DATA[registry][key];
    return entry ? inLanguage(entry, language) || key : key;
  }

  function cardTitle(id, language) {
    var titles = DATA.cards[id];
    return titles ? inLanguage(titles, language) : id;
  }

  // Inline Markdown as React nodes: **bold**, *italic*, [text](address) (as its text).
  var INLINE = /\*\*([^*]+)\*\*|\*([^*]+)\*|\[([^\]]+)\]\([^)]*\)/g;
  function inline(text) {
    var nodes = [];
    var last = 0;
    var match;
    INLINE.lastIndex = 0;
    while ((match = INLINE.exec(text)) !== null) {
      if (match.index > last) nodes.push(text.slice(last, match.index));
      if (match[1] !== undefined) nodes.push(h("strong", { key: match.index }, match[1]));
      else if (match[2] !== undefined) nodes.push(h("em", { key: match.index }, match[2]));
      else nodes.push(h("u", { key: match.index }, match[3]));
      last = INLINE.lastIndex;
    }
    if (last < text.length) nodes.push(text.slice(last));
    return nodes;
  }

  // Paragraphs (split at blank lines) and "- " lists of a Markdown text.
  function blocks(text, empty) {
    if (!text || !String(text).trim()) return [h("p", { key: "empty", className: "oc-preview-empty" }, empty)];
    return String(text)
      .split(/\n\s*\n/)
      .filter(function (part) { return part.trim(); })
      .map(function (part, index) {
        var lines = part.split("\n");
        if (lines.every(function (line) { return /^\s*[-*] /.test(line) || !line.trim(); })) {
          return h("ul", { key: index }, lines.filter(function (line) { return line.trim(); }).map(function (line, item) {
            return h("li", { key: item }, inline(line.replace(/^\s*[-*] /, "")));
          }));
        }
        return h("p", { key: index }, inline(part.replace(/\s*\n\s*/g, " ")));
      });
  }

  function oneLine(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }

  function tipGroups(tips) {
    var groups = [];
    ["professional", "organisation"].forEach(function (audience) {
      var texts = (tips || []).filter(function (tip) { return tip && tip["for"] === audience && tip.text; });
      if (texts.length) groups.push([audience, texts.map(function (tip) { return tip.text; })]);
    });
    return groups;
  }

  // The tips under a heading per audience: the printed back and the card page alike.
  function tipSections(tips, language) {
    return tipGroups(tips).map(function (group) {
      return [
        h("h3", { key: group[0] + "-h" }, term("audiences", group[0], language)),
        h("ul", { key: group[0] }, group[1].map(function (tip, index) {
          return h("li", { key: index }, inline(oneLine(tip)));
        })),
      ];
    });
  }

  function testimonyCaption(item, language, printed) {
    var parts = [term("speakers", item.speaker, language), DATA.sources[item.source] || item.source || ""];
    if (!printed && item.locator) parts[1] += ", " + item.locator;
    if (!printed && item.provenance) parts.push(term("provenances", item.provenance, language));
    if (item.original && item.original !== language) parts.push(label(language, "print_translation"));
    return parts.filter(Boolean).join(" · ");
  }

  // The printed card, as card.html.j2 and side.html.j2 lay it out for the PDFs.
  function printedCard(card, text, language, theme) {
    var empty = label(language, "cms_preview_empty");
    var number = card.number === undefined || card.number === null ? "" : String(card.number);
    var testimony = (card.testimonies || [])[0];
    var question = (text.questions || [])[0];
    return h("article", { className: "oc-print-card oc-a6", lang: language },
      h("section", {
        className: "oc-side oc-front",
        style: { backgroundColor: theme ? theme.colour : "#555" },
        "aria-label": label(language, "cms_preview_front"),
      },
        h("p", { className: "oc-print-meta" },
          h("span", { className: "oc-print-number" }, number), " ",
          h("span", { className: "oc-print-theme" }, theme ? inLanguage(theme.title, language) : "")),
        h("h2", { className: "oc-print-title", "data-preview": "front-title" }, text.title || empty),
        h("div", { className: "oc-print-front", "data-preview": "front-text" }, blocks(text.front, empty)),
        h("div", { className: "oc-print-end" }),
        theme ? h("div", { className: "oc-print-icon", "aria-hidden": "true", dangerouslySetInnerHTML: { __html: theme.icon } }) : null),
      h("section", { className: "oc-side oc-back", "aria-label": label(language, "cms_preview_back") },
        h("h2", { className: "oc-print-backtitle" },
          h("span", { className: "oc-print-number" }, number), " ", text.title || empty),
        tipSections(text.tips, language),
        testimony && testimony.quote && testimony.quote[language]
          ? h("figure", { className: "oc-print-testimony" },
            h("blockquote", { lang: language }, oneLine(testimony.quote[language])),
            h("figcaption", null, testimonyCaption(testimony, language, true)))
          : null,
        h("h3", null, label(language, "print_question")),
        h("p", { className: "oc-print-question" }, question ? inline(oneLine(question)) : empty),
        h("div", { className: "oc-print-foot" },
          h("div", { className: "oc-print-qr oc-preview-qr", role: "img", "aria-label": label(language, "cms_preview_qr") }),
          h("p", null, label(language, "sources") + ": " +
            (card.sources || []).map(function (key) { return DATA.sources[key] || key; }).join(", ")))));
  }

  // The card page, as card.md.j2 lays it out (its main sections).
  function cardPage(card, text, language, theme) {
    var empty = label(language, "cms_preview_empty");
    var facts = [label(language, "audience") + ": " + term("audiences", card.audience, language)];
    if ((card.places || []).length) {
      facts.push(label(language, "places") + ": " + card.places.map(function (key) { return term("places", key, language); }).join(", "));
    }
    if ((card.life_domains || []).length) {
      facts.push(label(language, "life_domains") + ": " + card.life_domains.map(function (key) { return term("life_domains", key, language); }).join(", "));
    }
    var testimonies = (card.testimonies || []).filter(function (item) { return item && item.quote && item.quote[language]; });
    return h("div", { className: "oc-preview-page md-typeset", lang: language },
      h("h1", { "data-preview": "page-title" }, text.title || empty),
      h("div", { className: "oc-card-front", style: { "--oc-theme": theme ? theme.colour : "#555" } },
        h("p", { className: "oc-card-meta" },
          h("span", null, label(language, "card") + " " + (card.number === undefined ? "" : card.number)), " · ",
          h("span", null, theme ? inLanguage(theme.title, language) : "")),
        blocks(text.front, empty)),
      h("p", { className: "oc-card-facts" }, facts.join(" · ")),
      blocks(text.body, empty),
      h("h2", null, label(language, "tips")),
      tipSections(text.tips, language),
      testimonies.length ? h("h2", null, label(language, "testimonies")) : null,
      testimonies.map(function (item, index) {
        return h("figure", { className: "oc-testimony", key: index },
          h("blockquote", { lang: language }, h("p", null, oneLine(item.quote[language]))),
          h("figcaption", null, testimonyCaption(item, language, false)));
      }),
      h("h2", null, label(language, "questions")),
      h("ol", null, (text.questions || []).map(function (question, index) { return h("li", { key: index }, inline(oneLine(question))); })),
      (card.related || []).length ? [
        h("h2", { key: "related-h" }, label(language, "related")),
        h("ul", { key: "related" }, card.related.map(function (id) {
          return h("li", { key: id }, cardTitle(id, language));
        })),
      ] : null);
  }

  // Where the printed front's text runs over the theme icon, the preview says so (the print
  // step reports the same as overflow; nothing is clipped).
  function markOverflow(root) {
    if (!root) return;
    Array.prototype.forEach.call(root.querySelectorAll(".oc-preview-language"), function (section) {
      var end = section.querySelector(".oc-front .oc-print-end");
      var icon = section.querySelector(".oc-front .oc-print-icon");
      var warning = section.querySelector(".oc-preview-overflow");
      if (!end || !icon || !warning) return;
      var over = end.getBoundingClientRect().top > icon.getBoundingClientRect().top;
      warning.hidden = !over;
    });
  }

  var CardPreview = createClass({
    componentDidMount: function () { markOverflow(this.root); },
    componentDidUpdate: function () { markOverflow(this.root); },
    render: function () {
      var card = plain(this.props.entry.get("data")) || {};
      var texts = card.text || {};
      var theme = DATA.themes[card.theme];
      var self = this;
      return h("div", { className: "oc-preview", ref: function (node) { self.root = node; } },
        DATA.languages.map(function (language) {
          var text = texts[language] || {};
          return h("section", { className: "oc-preview-language", lang: language, key: language, "data-language": language },
            h("h2", { className: "oc-preview-heading" }, language.toUpperCase() + " · " + label(language, "cms_preview_printed")),
            h("p", { className: "oc-preview-overflow", role: "status", hidden: true }, label(language, "cms_front_overflow")),
            h("div", { className: "oc-preview-printed" }, printedCard(card, text, language, theme)),
            h("h2", { className: "oc-preview-heading" }, language.toUpperCase() + " · " + label(language, "cms_preview_page")),
            cardPage(card, text, language, theme));
        }));
    },
  });

  var SetPreview = createClass({
    render: function () {
      var set = plain(this.props.entry.get("data")) || {};
      var texts = set.text || {};
      return h("div", { className: "oc-preview" },
        DATA.languages.map(function (language) {
          var text = texts[language] || {};
          var empty = label(language, "cms_preview_empty");
          return h("section", { className: "oc-preview-language oc-preview-page md-typeset", lang: language, key: language },
            h("h1", null, text.title || empty),
            blocks(text.intro, empty),
            h("ol", null, (set.cards || []).map(function (id) {
              return h("li", { key: id }, cardTitle(id, language));
            })));
        }));
    },
  });

  // A text field with its length limit shown while typing (the schema's minLength and
  // maxLength, given in the generated configuration as min and max). Saving is refused with
  // the message at the field while the text is too long or too short.
  function limits(field) {
    var max = field.get("max");
    var min = field.get("min");
    return { max: typeof max === "number" ? max : null, min: typeof min === "number" ? min : null };
  }

  function lengthProblem(value, field) {
    var bounds = limits(field);
    var n = Array.from(value || "").length;
    if (bounds.max !== null && n > bounds.max) return fill(label(DEFAULT, "cms_too_long"), { max: bounds.max, n: n });
    if (bounds.min !== null && n > 0 && n < bounds.min) return fill(label(DEFAULT, "cms_too_short"), { min: bounds.min, n: n });
    return null;
  }

  var CountedControl = createClass({
    isValid: function () {
      var problem = lengthProblem(this.props.value, this.props.field);
      return problem ? { error: { message: problem } } : true;
    },
    render: function () {
      var self = this;
      var value = this.props.value || "";
      var bounds = limits(this.props.field);
      var n = Array.from(value).length;
      var over = bounds.max !== null && n > bounds.max;
      var countId = this.props.forID + "-count";
      return h("div", { className: "oc-counted" },
        h("textarea", {
          id: this.props.forID,
          className: this.props.classNameWrapper,
          value: value,
          rows: 4,
          "aria-describedby": countId,
          "aria-invalid": over ? "true" : undefined,
          onChange: function (event) { self.props.onChange(event.target.value); },
          onFocus: this.props.setActiveStyle,
          onBlur: this.props.setInactiveStyle,
        }),
        h("p", { id: countId, className: over ? "oc-count oc-count-over" : "oc-count", "aria-live": "polite" },
          bounds.max !== null ? fill(label(DEFAULT, "cms_count"), { n: n, max: bounds.max }) : String(n)));
    },
  });

  function CountedPreview(props) {
    return h("p", null, props.value || "");
  }

  CMS.registerWidget("counted", CountedControl, CountedPreview);
  CMS.registerPreviewStyle("../assets/deck.css");
  CMS.registerPreviewStyle("preview.css");
  CMS.registerPreviewTemplate("cards", CardPreview);
  CMS.registerPreviewTemplate("sets", SetPreview);
})();
