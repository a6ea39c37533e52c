// PDF documents (Cairo + Pango, DejaVu fonts): A4 pages with a title, paragraphs and tables whose
// header row is repeated on every page, a footer "page N / M", and the document's title in the
// metadata. Used for venues' guest lists, and later for attendance sheets and certificates.
// A document is described first (blocks), then laid out twice by render(): once to count the pages,
// once to draw them with the total known.
// The PDF is tagged (structure tags: H1, H2, P, Table/TR/TH/TD, under a Document), declares its
// language (/Lang), and carries Title, Author, Subject and Creator in its metadata, so that screen
// readers and accessibility checkers (RGAA) can read it.
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace trame::docs {

struct PdfTable {
  std::vector<std::string> headers;
  // Relative column widths (any positive numbers, scaled to the page); empty: equal columns.
  std::vector<double> widths;
  std::vector<std::vector<std::string>> rows;
};

class PdfDocument {
 public:
  // title: the document's metadata title (also what PDF readers show in their title bar).
  explicit PdfDocument(std::string title);

  void heading(const std::string& text);     // large bold text
  void subheading(const std::string& text);  // medium bold text
  void paragraph(const std::string& text);   // wrapped body text; '\n' starts a new line
  void table(PdfTable table);
  void page_break();
  // A PNG image (e.g. an organisation's logo), scaled to at most max_height points high and the
  // page's width; anything that is not a readable PNG is left out.
  // `alt`: its alternative text (the figure's /Alt); empty: none.
  void image(std::string png_bytes, double max_height = 56.0, std::string alt = {});
  // A horizontal bar chart: its title, one bar per label with its value written beside the bar (nothing
  // said by colour alone), tagged as a /Figure whose /Alt is `alt_text` (what a screen reader says).
  // `shown`: the text written for each value (e.g. « < 5 »); empty: the value itself. A value below 0 is
  // drawn as 0.
  void bar_chart(const std::string& title, const std::vector<std::string>& labels, const std::vector<double>& values,
                 const std::string& alt_text, const std::vector<std::string>& shown = {});

  // The footer of every page; {n} and {m} are replaced by the page number and the page count.
  void set_page_label(std::string format) { page_label_ = std::move(format); }
  // The metadata author (the organisation; "Trame" when not set) and subject.
  void set_author(std::string author) { author_ = std::move(author); }
  void set_subject(std::string subject) { subject_ = std::move(subject); }
  // The document's language (BCP 47), "fr-FR" unless set.
  void set_language(std::string language) { language_ = std::move(language); }
  // Large print (for readers with low vision): body text at 16 pt instead of 10, headings, tables and
  // the footer in proportion (charts keep their ordinary size).
  void set_large_type(bool large) { large_ = large; }

  // The PDF's bytes; `pages`, when given, receives its page count. Throws std::runtime_error if Cairo fails.
  std::string render(int* pages = nullptr) const;
  // The number of pages render() produces.
  int page_count() const;

 private:
  struct Block {
    enum class Kind { heading, subheading, paragraph, table, page_break, image, chart } kind;
    std::string text;
    PdfTable table;
    double height = 0;
    // A chart: its title (text), labels and texts (table.headers, table.rows[0]), values and alternative.
    std::vector<double> values;
    std::string alt;
  };
  // `alts`: the alternative text of each /Figure drawn, in order (when drawing).
  int layout(void* cairo_context, int total_pages, bool draw, std::vector<std::string>* alts = nullptr) const;
  std::string title_;
  std::string author_;
  std::string subject_;
  std::string language_ = "fr-FR";
  std::string page_label_ = "page {n} / {m}";
  bool large_ = false;
  std::vector<Block> blocks_;
};

// One card of a printable deck (a card game): a heading (its type), its text, what is written under it.
struct PrintCard {
  std::string heading;
  std::string text;
  std::string footer;  // the answer or the prompt, and the move
};

// Cards to cut out: A4 pages of 2 × 4 cards of 90 × 63 mm, with cut marks in the margins on every line
// of the grid (and a faint outline), the document's title and language in its metadata. An empty list
// gives one empty page. Throws std::runtime_error if Cairo fails.
// Each card is drawn with `pictures[i]` (a PNG; '' or missing: none) in its cell: the right third of the
// card, from under its heading to its bottom, scaled to fit (never enlarged), centred; the text is laid
// out in the rest. A picture Cairo cannot read is left out.
std::string card_sheet(const std::string& title, const std::vector<PrintCard>& cards,
                       const std::vector<std::string>& pictures = {}, const std::string& language = "fr-FR");

// A download's file name from its parts, in French words, e.g. {"attestation", "Camille Martin",
// "Médiation culturelle"} → "attestation-camille-martin-mediation-culturelle.pdf": lower-case ASCII
// (accents dropped), words joined by hyphens, each part at most 60 characters.
std::string pdf_file_name(std::initializer_list<std::string_view> parts);

// `pdf` (as Cairo writes it) with /Lang `language` (and /DisplayDocTitle) added to its catalog, as
// an incremental update; unchanged if its trailer cannot be read.
std::string with_language(std::string pdf, std::string_view language);

// `pdf` (as Cairo writes it) with /Alt `alts[i]` added to its i-th /Figure structure element, in the
// order they appear in the file (Cairo 1.16 writes no attribute on structure tags), as an incremental
// update; unchanged when it holds fewer figures than alternatives or its trailer cannot be read.
std::string with_figure_alts(std::string pdf, const std::vector<std::string>& alts);

}  // namespace trame::docs
