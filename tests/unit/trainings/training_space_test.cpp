#include <gtest/gtest.h>

#include "platform/core/text.hpp"
#include "platform/docs/file_type.hpp"
#include "trainings/training_space/model.hpp"

using namespace trame;

namespace {

std::string zip_with(const std::string& first_entry, const std::string& content, const std::string& more = "") {
  std::string b = "PK\x03\x04";
  b += std::string(26, '\0');
  b += first_entry + content + more;
  return b;
}

}  // namespace

TEST(FileType, RecognisesFilesByTheirBytes) {
  EXPECT_EQ(docs::detect_file_type("%PDF-1.7\n..."), docs::kPdf);
  EXPECT_EQ(docs::detect_file_type(std::string("\x89PNG\r\n\x1a\n\0\0", 10)), docs::kPng);
  EXPECT_EQ(docs::detect_file_type("\xFF\xD8\xFF\xE0rest"), docs::kJpeg);
  EXPECT_EQ(docs::detect_file_type(zip_with("mimetype", docs::kOdt)), docs::kOdt);
  EXPECT_EQ(docs::detect_file_type(zip_with("mimetype", docs::kOdp)), docs::kOdp);
  EXPECT_EQ(docs::detect_file_type(zip_with("[Content_Types].xml", "", "word/document.xml")), docs::kDocx);
  EXPECT_EQ(docs::detect_file_type(zip_with("[Content_Types].xml", "", "xl/workbook.xml")), docs::kXlsx);
  EXPECT_EQ(docs::detect_file_type(zip_with("[Content_Types].xml", "", "ppt/presentation.xml")), docs::kPptx);
  EXPECT_EQ(docs::detect_file_type("Compte rendu du séminaire\r\n\tPoints clés\n"), docs::kText);
}

TEST(FileType, RefusesUnknownOrBinaryFiles) {
  EXPECT_EQ(docs::detect_file_type(""), "");
  EXPECT_EQ(docs::detect_file_type(std::string("MZ\x90\0\x03\0", 6)), "");  // an executable
  EXPECT_EQ(docs::detect_file_type(zip_with("evil.exe", "")), "");          // a plain zip
  EXPECT_EQ(docs::detect_file_type("texte\x01avec contrôle"), "");
  EXPECT_EQ(docs::detect_file_type("latin-1 \xE9t\xE9"), "");  // not UTF-8
  EXPECT_EQ(docs::accepted_file_type("hello", {docs::kPdf}), "");
  EXPECT_EQ(docs::accepted_file_type("%PDF-1.4", {docs::kPdf}), docs::kPdf);
}

TEST(FileType, FileNamesAndDisposition) {
  EXPECT_EQ(docs::clean_file_name("C:\\Users\\x\\Grille \"v2\".pdf"), "Grille v2.pdf");
  EXPECT_EQ(docs::clean_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(docs::attachment_disposition("été.pdf"),
            "attachment; filename=\"__t__.pdf\"; filename*=UTF-8''%C3%A9t%C3%A9.pdf");
  EXPECT_EQ(docs::file_extension(docs::kXlsx), "xlsx");
}

TEST(TrainingSpace, LinksMustBeHttp) {
  EXPECT_TRUE(training_space::valid_link("https://www.loire-atlantique.fr"));
  EXPECT_TRUE(training_space::valid_link("HTTP://exemple.org/page?x=1#a"));
  EXPECT_FALSE(training_space::valid_link("javascript:alert(1)"));
  EXPECT_FALSE(training_space::valid_link("ftp://exemple.org"));
  EXPECT_FALSE(training_space::valid_link("https://"));
  EXPECT_FALSE(training_space::valid_link("https:///chemin"));
  EXPECT_FALSE(training_space::valid_link("https://exemple.org/avec espace"));
  EXPECT_FALSE(training_space::valid_link("www.exemple.org"));
  EXPECT_FALSE(training_space::valid_link("https://" + std::string(2100, 'a') + ".fr"));
}

TEST(TrainingSpace, CountsCharactersNotBytes) {
  EXPECT_EQ(trame::code_points("été"), 3u);
  EXPECT_EQ(trame::code_points(std::string(5000, 'a')), 5000u);
  EXPECT_EQ(training_space::accepted_types().size(), 11u);
}
