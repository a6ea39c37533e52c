// Uploaded files (src/docs/file_type.hpp): the type comes from the bytes, the kept name from that
// type (never the client's extension), and names lose every control and bidirectional character.
#include <gtest/gtest.h>

#include <string>

#include "platform/docs/file_type.hpp"
#include "platform/http/form.hpp"

using namespace trame;

namespace {

const std::string kPdfBytes = "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n";

std::string zip_with(const std::string& first_entry, const std::string& content, const std::string& more = "") {
  return std::string("PK\x03\x04", 4) + std::string(26, '\0') + first_entry + content + more;
}

}  // namespace

TEST(UploadedFiles, DetectsTheTypeFromTheBytes) {
  EXPECT_EQ(docs::detect_file_type(kPdfBytes), docs::kPdf);
  EXPECT_EQ(docs::detect_file_type(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), docs::kWebp);
  EXPECT_EQ(docs::detect_file_type(std::string("RIFF\x10\0\0\0WAVEfmt ", 16)), "");
  EXPECT_EQ(docs::detect_file_type(zip_with("mimetype", docs::kOds)), docs::kOds);
  EXPECT_EQ(docs::detect_file_type(zip_with("[Content_Types].xml", "", "xl/workbook.xml")), docs::kXlsx);
  EXPECT_EQ(docs::detect_file_type("nom;commune\nBellevue;Nantes\n"), docs::kText);
  EXPECT_EQ(docs::detect_file_type("\xEF\xBB\xBFnom;commune\r\n"), docs::kText);
  EXPECT_EQ(docs::detect_file_type("a < b, <b>gras</b> plus loin"), docs::kText);
}

TEST(UploadedFiles, MarkupIsNotPlainText) {
  for (std::string page :
       {"<!DOCTYPE html><p>x", "  \n<html><script>alert(1)</script></html>", "<HTML>", "<script>alert(1)</script>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x\">", "<?xml version=\"1.0\"?><x/>",
        "<!-- commentaire --><p>", "\xEF\xBB\xBF<body onload=x>", "<iframe src=x>", "<a href=x>lien</a>", "<p>"})
    EXPECT_EQ(docs::detect_file_type(page), "") << page;
  // Overlong UTF-8 and surrogates are not text either.
  EXPECT_EQ(docs::detect_file_type("\xC0\xBCscript"), "");
  EXPECT_EQ(docs::detect_file_type("\xED\xA0\x80"), "");
}

TEST(UploadedFiles, CleanNamesLoseControlAndBidirectionalCharacters) {
  // U+202E RIGHT-TO-LEFT OVERRIDE makes "facture<RLO>fdp.exe" display as "factureexe.pdf".
  EXPECT_EQ(docs::clean_file_name("facture\u202Efdp.exe"), "facturefdp.exe");
  for (std::string bidi : {"\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067",
                           "\u2068", "\u2069", "\u061C", "\u200B", "\uFEFF", "\u2028"})
    EXPECT_EQ(docs::clean_file_name("a" + bidi + "b.pdf"), "ab.pdf") << bidi.size();
  EXPECT_EQ(docs::clean_file_name("a\x01\x1f\x7f"
                                  "b\u0085c.pdf"),
            "abc.pdf");  // C0, DEL, C1
  EXPECT_EQ(docs::clean_file_name("a\r\nb\tc.pdf"), "abc.pdf");
  EXPECT_EQ(docs::clean_file_name("latin-1 \xE9t\xE9.pdf"), "latin-1 t.pdf");  // invalid UTF-8 dropped
  EXPECT_EQ(docs::clean_file_name("  Compte   rendu\u00A0final .pdf  "), "Compte rendu final .pdf");
  EXPECT_EQ(docs::clean_file_name("../.htaccess"), "htaccess");
  EXPECT_EQ(docs::clean_file_name("a<b>c:d|e?f*.pdf"), "a_b_c_d_e_f_.pdf");
  EXPECT_EQ(docs::clean_file_name("fin..."), "fin");
  EXPECT_EQ(docs::clean_file_name("Séance n°2 — ‘notes’.pdf"), "Séance n°2 — ‘notes’.pdf");
  EXPECT_EQ(docs::clean_file_name("\u202E"), "");
}

TEST(UploadedFiles, StoredNamesTakeTheDetectedTypesExtension) {
  EXPECT_EQ(docs::stored_file_name("x.html", docs::kPdf), "x.pdf");
  EXPECT_EQ(docs::stored_file_name("x.pdf.html", docs::kPdf), "x.pdf");
  EXPECT_EQ(docs::stored_file_name("rapport.PDF", docs::kPdf), "rapport.pdf");
  EXPECT_EQ(docs::stored_file_name("rapport", docs::kPdf), "rapport.pdf");
  EXPECT_EQ(docs::stored_file_name("Rapport v1.2 final", docs::kPdf), "Rapport v1.2 final.pdf");
  EXPECT_EQ(docs::stored_file_name("photo.jpeg", docs::kJpeg), "photo.jpeg");
  EXPECT_EQ(docs::stored_file_name("photo.png", docs::kJpeg), "photo.jpg");
  EXPECT_EQ(docs::stored_file_name("tableau.csv", docs::kText), "tableau.csv");
  EXPECT_EQ(docs::stored_file_name("page.htm", docs::kText), "page.txt");
  EXPECT_EQ(docs::stored_file_name("script.js", docs::kText), "script.txt");
  EXPECT_EQ(docs::stored_file_name("bilan.docx", docs::kOdt), "bilan.odt");
  EXPECT_EQ(docs::stored_file_name("", docs::kPdf), "document.pdf");
  EXPECT_EQ(docs::stored_file_name(".pdf", docs::kPdf), "pdf.pdf");
  EXPECT_EQ(docs::stored_file_name("...", docs::kPng), "document.png");
  EXPECT_EQ(docs::stored_file_name("C:\\Users\\x\\.html", docs::kPdf), "html.pdf");
  // The right-to-left override is gone, and so is the executable extension it was hiding.
  EXPECT_EQ(docs::stored_file_name("facture\u202Efdp.exe", docs::kPdf), "facturefdp.pdf");
  EXPECT_EQ(docs::stored_file_name("facture\u202Egnp.html", docs::kPng), "facturegnp.png");
  // At most 200 bytes, cut between characters, the extension kept.
  std::string long_name;
  for (int i = 0; i < 150; ++i) long_name += "é";
  std::string kept = docs::stored_file_name(long_name + ".html", docs::kPdf);
  EXPECT_LE(kept.size(), docs::kMaxFileName);
  EXPECT_TRUE(http::is_valid_utf8(kept));
  EXPECT_EQ(kept.substr(kept.size() - 4), ".pdf");
  EXPECT_EQ(kept.size(), 198u + 4u - 2u);  // 98 "é" (196 bytes) + ".pdf"
}

TEST(UploadedFiles, IdentifyUploadChecksTheTypeAndNamesTheFile) {
  auto pdf = docs::identify_upload(kPdfBytes, "x.html", {docs::kPdf, docs::kPng});
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->type, docs::kPdf);
  EXPECT_EQ(pdf->name, "x.pdf");
  EXPECT_FALSE(docs::identify_upload("<html><script>alert(1)</script>", "x.pdf", {docs::kPdf, docs::kText}));
  EXPECT_FALSE(docs::identify_upload(std::string("MZ\x90\0\x03\0", 6), "outil.pdf", {docs::kPdf, docs::kText}));
  EXPECT_FALSE(docs::identify_upload("texte", "x.txt", {docs::kPdf}));
  EXPECT_FALSE(docs::identify_upload("", "x.pdf", {docs::kPdf}));
}

TEST(UploadedFiles, AttachmentDispositionIsSafe) {
  EXPECT_EQ(docs::attachment_disposition("x.html", docs::kPdf),
            "attachment; filename=\"x.pdf\"; filename*=UTF-8''x.pdf");
  EXPECT_EQ(docs::attachment_disposition("a\u202Eb.pdf"), "attachment; filename=\"ab.pdf\"; filename*=UTF-8''ab.pdf");
  EXPECT_EQ(docs::attachment_disposition("été 100%.pdf", docs::kPdf),
            "attachment; filename=\"__t__ 100_.pdf\"; filename*=UTF-8''%C3%A9t%C3%A9%20100%25.pdf");
  EXPECT_EQ(docs::attachment_disposition("a\r\nContent-Type: text;\".txt"),
            "attachment; filename=\"aContent-Type_ text_.txt\"; filename*=UTF-8''aContent-Type_%20text%3B.txt");
  EXPECT_EQ(docs::attachment_disposition(""), "attachment; filename=\"document\"; filename*=UTF-8''document");
}
