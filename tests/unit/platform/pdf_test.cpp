// The PDF renderer (src/docs/pdf.hpp): A4 pages, tables over several pages, metadata title.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "platform/docs/pdf.hpp"

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
    table.rows.push_back(
        {"ABCD-" + std::to_string(1000 + i), std::to_string(1 + i % 3),
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

// Accessibility (RGAA): a tagged PDF (structure tree, headings, paragraphs, table cells), its
// language, and Title / Author / Subject / Creator in the metadata; the catalog that carries /Lang
// is an incremental update that the cross-reference table finds.
TEST(Pdf, TaggedWithLanguageAndMetadata) {
  trame::docs::PdfDocument doc("Attestation de fin de formation — Camille Martin");
  doc.set_subject("Médiation culturelle");
  doc.heading("Attestation");
  doc.subheading("Formation");
  doc.paragraph("Camille Martin a suivi la formation.");
  doc.table({{"Jour", "Heures"}, {}, {{"12/03/2027", "3,5"}}});
  std::string pdf = doc.render();
  EXPECT_NE(pdf.find("/StructTreeRoot"), std::string::npos);
  EXPECT_NE(pdf.find("/Marked true"), std::string::npos);
  for (const char* tag : {"/S /Document", "/S /H1", "/S /H2", "/S /P", "/S /Table", "/S /TR", "/S /TH", "/S /TD"})
    EXPECT_NE(pdf.find(tag), std::string::npos) << tag;
  EXPECT_NE(pdf.find("/Lang (fr-FR)"), std::string::npos);
  EXPECT_NE(pdf.find("/DisplayDocTitle true"), std::string::npos);
  EXPECT_NE(pdf.find("/Author (Trame)"), std::string::npos);  // no organisation given
  EXPECT_NE(pdf.find("/Creator (Trame)"), std::string::npos);
  EXPECT_NE(pdf.find("/Subject"), std::string::npos);
  // The last startxref points at the added xref section, whose entry points at the new catalog.
  std::size_t sx = pdf.rfind("startxref\n");
  ASSERT_NE(sx, std::string::npos);
  std::size_t xref = std::stoul(pdf.substr(sx + 10));
  const std::string head = "xref\n0 1\n0000000000 65535 f \n";
  ASSERT_EQ(pdf.compare(xref, head.size(), head), 0);
  std::size_t section = xref + head.size();
  std::size_t nl = pdf.find('\n', section);
  std::string object = pdf.substr(section, pdf.find(' ', section) - section);
  std::size_t at = std::stoul(pdf.substr(nl + 1, 10));
  EXPECT_EQ(pdf.compare(at, object.size() + 6, object + " 0 obj"), 0);
  EXPECT_NE(pdf.find("/Prev "), std::string::npos);
  EXPECT_EQ(pdf.substr(pdf.size() - 6), "%%EOF\n");
}

TEST(Pdf, FileNamesInFrenchAfterTheDocumentAndThePerson) {
  using trame::docs::pdf_file_name;
  EXPECT_EQ(pdf_file_name({"Attestation de fin de formation", "Camille Martin", "Médiation culturelle"}),
            "attestation-de-fin-de-formation-camille-martin-mediation-culturelle.pdf");
  EXPECT_EQ(pdf_file_name({"Certificat de réalisation", "Zoé L'Hôte-Œuvray", "« Accueillir » : 2027 !"}),
            "certificat-de-realisation-zoe-l-hote-oeuvray-accueillir-2027.pdf");
  EXPECT_EQ(pdf_file_name({"", "../..", "\"\\"}), "document.pdf");
  EXPECT_LE(pdf_file_name({std::string(300, 'a')}).size(), 64u);
}

// The bar chart block (the yearly report): drawn on the page after the text, tagged as a /Figure with its
// /Alt text (UTF-16 hexadecimal), each value written; a long chart turns the page.
TEST(Pdf, BarChartIsAFigureWithItsAlternativeText) {
  trame::docs::PdfDocument doc("Rapport d'activité");
  doc.heading("Rapport d'activité");
  doc.paragraph("Les places utilisées chaque mois.");
  doc.bar_chart("Places utilisées par mois", {"sept. 2023", "oct. 2023", "nov. 2023"}, {12, 40, 3},
                "Places utilisées par mois : sept. 2023 12, oct. 2023 40, nov. 2023 moins de 5", {"", "", "< 5"});
  EXPECT_EQ(doc.page_count(), 1);
  std::string pdf = doc.render();
  EXPECT_NE(pdf.find("/S /Figure"), std::string::npos);
  // « Pl » in UTF-16BE after the byte-order mark.
  EXPECT_NE(pdf.find("/Alt <FEFF0050006C"), std::string::npos);
  EXPECT_NE(pdf.find("/Lang (fr-FR)"), std::string::npos);
  EXPECT_EQ(pages_in(pdf), 1);

  std::vector<std::string> labels;
  std::vector<double> values;
  for (int i = 0; i < 60; ++i) {
    labels.push_back("Relais n° " + std::to_string(i));
    values.push_back(i * 1.5);
  }
  trame::docs::PdfDocument longer("Long");
  longer.paragraph("Avant.");
  longer.bar_chart("Places par relais", labels, values, "Places par relais");
  EXPECT_EQ(longer.page_count(), 2);
  EXPECT_EQ(pages_in(longer.render()), 2);
}

TEST(Pdf, LargeTypeTakesAboutTwoAndAHalfTimesThePages) {
  // The same text, ordinary and in large print: 16 pt body text against 10 pt fills each page with
  // about (10/16)² of the words, so the document takes about 2.5 × the pages (and its tables too).
  auto build = [](bool large) {
    trame::docs::PdfDocument doc("Programme");
    doc.set_large_type(large);
    doc.heading("Programme de la semaine");
    for (int i = 0; i < 60; ++i)
      doc.paragraph(
          "Lundi 11 h — Une histoire au téléphone, racontée par une comédienne, vingt minutes. "
          "Appelez le numéro du pont, tapez le code, écoutez.");
    trame::docs::PdfTable t;
    t.headers = {"Jour", "Heure", "Spectacle"};
    for (int i = 0; i < 40; ++i) t.rows.push_back({"mardi", "15 h", "Contes du monde"});
    doc.table(t);
    return doc.page_count();
  };
  const int ordinary = build(false);
  const int large = build(true);
  EXPECT_GE(ordinary, 2);
  EXPECT_GE(large * 10, ordinary * 20) << ordinary << " pages, large " << large;
  EXPECT_LE(large * 10, ordinary * 35) << ordinary << " pages, large " << large;
}
