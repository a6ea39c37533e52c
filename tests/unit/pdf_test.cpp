// The PDF renderer (src/docs/pdf.hpp): A4 pages, tables over several pages, metadata title.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "docs/pdf.hpp"

namespace {

// Page objects of a PDF ("/Type /Page", not "/Type /Pages").
int pages_in(const std::string& pdf) {
  static const std::regex page(R"(/Type\s*/Page[^s])");
  return static_cast<int>(std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page), std::sregex_iterator()));
}

}  // namespace

TEST(Pdf, ThreePagesWithTitleParagraphsAndBreaks) {
  trame::docs::PdfDocument doc("Liste des invites");
  doc.heading("Liste des invités — Théâtre Quartier Libre");
  doc.paragraph("Créneau du 12/03/2027 à 20:00.\nAttendus : 12 personnes.");
  doc.page_break();
  doc.subheading("Deuxième page");
  doc.paragraph("Des accents : é è à ç œ « guillemets ».");
  doc.page_break();
  doc.paragraph("Troisième page.");
  EXPECT_EQ(doc.page_count(), 3);
  std::string pdf = doc.render();
  ASSERT_GT(pdf.size(), 1000u);
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(pages_in(pdf), 3);
  EXPECT_NE(pdf.find("/Count 3"), std::string::npos);
  EXPECT_NE(pdf.find("Liste des invites"), std::string::npos);  // the metadata title
  EXPECT_NE(pdf.find("%%EOF"), std::string::npos);
}

TEST(Pdf, LongTableFlowsOverSeveralPages) {
  trame::docs::PdfDocument doc("Table");
  doc.heading("Table");
  trame::docs::PdfTable table;
  table.headers = {"Code", "Places", "Relais", "Accessibilité"};
  table.widths = {2, 1, 4, 3};
  for (int i = 0; i < 150; ++i)
    table.rows.push_back({"ABCD-" + std::to_string(1000 + i), std::to_string(1 + i % 3),
                          "Relais social numéro " + std::to_string(i) + " avec un nom assez long pour passer à la ligne",
                          i % 4 == 0 ? "Fauteuil roulant" : ""});
  doc.table(table);
  int pages = doc.page_count();
  EXPECT_GE(pages, 3);
  std::string pdf = doc.render();
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(pages_in(pdf), pages);
}

TEST(Pdf, EmptyTableAndEmptyDocumentStillMakeOnePage) {
  trame::docs::PdfDocument doc("Vide");
  doc.table({{"A", "B"}, {}, {}});
  EXPECT_EQ(doc.page_count(), 1);
  trame::docs::PdfDocument empty("Vide");
  EXPECT_EQ(pages_in(empty.render()), 1);
}
