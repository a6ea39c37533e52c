// PDF documents (Cairo + Pango, DejaVu fonts): A4 pages with a title, paragraphs and tables whose
// header row is repeated on every page, a footer "page N / M", and the document's title in the
// metadata. Used for venues' guest lists, and later for attendance sheets and certificates.
// A document is described first (blocks), then laid out twice by render(): once to count the pages,
// once to draw them with the total known.
#pragma once
#include <string>
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
  void image(std::string png_bytes, double max_height = 56.0);

  // The footer of every page; {n} and {m} are replaced by the page number and the page count.
  void set_page_label(std::string format) { page_label_ = std::move(format); }
  void set_author(std::string author) { author_ = std::move(author); }

  // The PDF's bytes. Throws std::runtime_error if Cairo fails.
  std::string render() const;
  // The number of pages render() produces.
  int page_count() const;

 private:
  struct Block {
    enum class Kind { heading, subheading, paragraph, table, page_break, image } kind;
    std::string text;
    PdfTable table;
    double height = 0;
  };
  int layout(void* cairo_context, int total_pages, bool draw) const;
  std::string title_;
  std::string author_;
  std::string page_label_ = "page {n} / {m}";
  std::vector<Block> blocks_;
};

}  // namespace trame::docs
