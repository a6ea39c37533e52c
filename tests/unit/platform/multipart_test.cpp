#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "platform/http/multipart.hpp"

using trame::http::multipart_boundary;
using trame::http::parse_multipart;
using trame::http::Part;

namespace {

std::string field(std::string_view boundary, std::string_view disposition, std::string_view data,
                  std::string_view extra_headers = "") {
  std::string out = "--" + std::string(boundary) + "\r\n";
  out += "Content-Disposition: " + std::string(disposition) + "\r\n";
  out += extra_headers;
  out += "\r\n";
  out += data;
  out += "\r\n";
  return out;
}

std::string closing(std::string_view boundary) {
  return "--" + std::string(boundary) + "--\r\n";
}

}  // namespace

// --- Boundary extraction from the Content-Type header ---------------------------------------

TEST(MultipartBoundary, PlainAndBrowserStyle) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW"),
            "----WebKitFormBoundary7MA4YWxkTrZu0gW");
  EXPECT_EQ(multipart_boundary("multipart/form-data;boundary=abc"), "abc");
  EXPECT_EQ(multipart_boundary("multipart/form-data ;  boundary=abc  "), "abc");
}

TEST(MultipartBoundary, CaseInsensitiveTypeAndParameterName) {
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data; Boundary=AbC"), "AbC");  // value keeps its case
  EXPECT_EQ(multipart_boundary("MULTIPART/FORM-DATA; BOUNDARY=x"), "x");
}

TEST(MultipartBoundary, QuotedValues) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"a b;c\""), "a b;c");
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"a\\\"b\""), "a\"b");
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"abc\"; charset=utf-8"), "abc");
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=\"abc"));  // unterminated
}

TEST(MultipartBoundary, AmongOtherParameters) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; charset=utf-8; boundary=abc"), "abc");
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc; charset=utf-8"), "abc");
  EXPECT_EQ(multipart_boundary("multipart/form-data; x=\"boundary=nope\"; boundary=yes"), "yes");
}

TEST(MultipartBoundary, RejectsOtherTypesAndBadBoundaries) {
  EXPECT_FALSE(multipart_boundary(""));
  EXPECT_FALSE(multipart_boundary("multipart/form-data"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data;"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; charset=utf-8"));
  EXPECT_FALSE(multipart_boundary("multipart/mixed; boundary=abc"));
  EXPECT_FALSE(multipart_boundary("application/x-www-form-urlencoded; boundary=abc"));
  EXPECT_FALSE(multipart_boundary("text/plain"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary="));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=\"\""));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary"));
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + std::string(70, 'x')), std::string(70, 'x'));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')));
}

// --- Body parsing ---------------------------------------------------------------------------

TEST(Multipart, FieldsAndFiles) {
  const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  const std::string body =
      field("XyZ", "form-data; name=\"titre\"", "Sortie ornithologique") +
      field("XyZ", "form-data; name=\"affiche\"; filename=\"affiche.png\"", png, "Content-Type: image/png\r\n") +
      field("XyZ", "form-data; name=\"notes\"", "ligne 1\r\nligne 2\r\n") + closing("XyZ");
  auto parts = parse_multipart(body, "XyZ");
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 3u);

  EXPECT_EQ((*parts)[0].name, "titre");
  EXPECT_FALSE((*parts)[0].filename.has_value());
  EXPECT_EQ((*parts)[0].content_type, "text/plain");
  EXPECT_EQ((*parts)[0].data, "Sortie ornithologique");

  EXPECT_EQ((*parts)[1].name, "affiche");
  EXPECT_EQ((*parts)[1].filename, "affiche.png");
  EXPECT_EQ((*parts)[1].content_type, "image/png");
  EXPECT_EQ((*parts)[1].data, png);  // binary, with CR, LF and NUL bytes

  EXPECT_EQ((*parts)[2].data, "ligne 1\r\nligne 2\r\n");
}

TEST(Multipart, EmptyFileAndEmptyFilename) {
  const std::string body =
      field("b", "form-data; name=\"piece\"; filename=\"\"", "", "Content-Type: application/octet-stream\r\n") +
      closing("b");
  auto parts = parse_multipart(body, "b");
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].filename, "");
  EXPECT_EQ((*parts)[0].data, "");
  EXPECT_EQ((*parts)[0].content_type, "application/octet-stream");
}

TEST(Multipart, HeaderNamesAreCaseInsensitiveAndContentTypeIsLowered) {
  const std::string body =
      "--b\r\ncontent-disposition: Form-Data; NAME=champ\r\n"
      "CONTENT-TYPE: Text/CSV; Charset=UTF-8\r\nX-Autre: ignoré\r\n\r\nnom;prénom\r\n--b--";
  auto parts = parse_multipart(body, "b");
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].name, "champ");
  EXPECT_EQ((*parts)[0].content_type, "text/csv; charset=utf-8");
  EXPECT_EQ((*parts)[0].data, "nom;prénom");
}

TEST(Multipart, QuotedNamesWithEscapedQuotes) {
  const std::string body = field("b", R"(form-data; name="nom \"cité\""; filename="rapport \"final\"; v2.pdf")", "x") +
                           field("b", R"(form-data; name="a;b=c"; filename="C:\\dossier\\f.txt")", "y") + closing("b");
  auto parts = parse_multipart(body, "b");
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "nom \"cité\"");
  EXPECT_EQ((*parts)[0].filename, "rapport \"final\"; v2.pdf");
  EXPECT_EQ((*parts)[1].name, "a;b=c");
  EXPECT_EQ((*parts)[1].filename, "C:\\dossier\\f.txt");
}

TEST(Multipart, RefusesALineBreakInANameOrAFileName) {
  // Lines end at CRLF only: a lone CR or LF stays in the line, and escaped in a quoted string the two
  // could even meet as CRLF (found by fuzz_multipart). A name holding one is refused.
  for (const std::string& disposition :
       {std::string("form-data; name=\"a\\\r\\\nb\""), std::string("form-data; name=\"a\nb\""),
        std::string("form-data; name=\"a\rb\""), std::string("form-data; name=\"f\"; filename=\"x\\\r\\\n.csv\""),
        std::string("form-data; name=\"f\"; filename=x\n.csv")}) {
    EXPECT_FALSE(parse_multipart(field("b", disposition, "x") + closing("b"), "b").has_value()) << disposition;
  }
  EXPECT_TRUE(parse_multipart(field("b", "form-data; name=\"a b\"", "x") + closing("b"), "b").has_value());
}

TEST(Multipart, FilenameIsNotMistakenForName) {
  const std::string body = field("b", "form-data; filename=\"f.txt\"; name=\"fichier\"", "z") + closing("b");
  auto parts = parse_multipart(body, "b");
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ((*parts)[0].name, "fichier");
  EXPECT_EQ((*parts)[0].filename, "f.txt");
}

TEST(Multipart, RejectsMissingClosingBoundary) {
  const std::string body = field("b", "form-data; name=\"a\"", "1") + field("b", "form-data; name=\"b\"", "2");
  EXPECT_FALSE(parse_multipart(body, "b").has_value());
  // Data that never reaches a delimiter.
  EXPECT_FALSE(parse_multipart("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1", "b").has_value());
  // Headers that never end.
  EXPECT_FALSE(parse_multipart("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n", "b").has_value());
  // The closing delimiter without its CRLF before it.
  EXPECT_FALSE(parse_multipart("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1--b--", "b").has_value());
}

TEST(Multipart, IgnoresPreambleAndEpilogue) {
  const std::string body = "Ceci est un préambule.\r\nIl est ignoré.\r\n" + field("b", "form-data; name=\"a\"", "1") +
                           "--b--\r\nÉpilogue, ignoré aussi.\r\n";
  auto parts = parse_multipart(body, "b");
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].data, "1");
}

TEST(Multipart, KeepsDashesThatAreNotADelimiter) {
  const std::string data = "--b au début, puis\r\n-b et \r\n--c, et --b--";
  const std::string body = field("b", "form-data; name=\"a\"", data) + closing("b");
  auto parts = parse_multipart(body, "b");
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].data, data);
}

TEST(Multipart, MaxParts) {
  std::string body;
  for (int i = 0; i < 3; ++i) body += field("b", "form-data; name=\"f" + std::to_string(i) + "\"", "v");
  body += closing("b");
  EXPECT_FALSE(parse_multipart(body, "b", 2).has_value());
  auto parts = parse_multipart(body, "b", 3);
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->size(), 3u);

  std::string many;
  for (int i = 0; i < 101; ++i) many += field("b", "form-data; name=\"f\"", "");
  many += closing("b");
  EXPECT_FALSE(parse_multipart(many, "b").has_value());  // default limit: 100
}

TEST(Multipart, NoPartsAtAll) {
  auto parts = parse_multipart("--b--\r\n", "b");
  ASSERT_TRUE(parts.has_value());
  EXPECT_TRUE(parts->empty());
}

TEST(Multipart, RejectsMalformedInput) {
  EXPECT_FALSE(parse_multipart("", "b").has_value());
  EXPECT_FALSE(parse_multipart("--b--\r\n", "").has_value());
  EXPECT_FALSE(parse_multipart("pas de délimiteur", "b").has_value());
  // A longer boundary that merely starts with ours.
  EXPECT_FALSE(parse_multipart(field("bc", "form-data; name=\"a\"", "1") + closing("bc"), "b").has_value());
  // No Content-Disposition, a non form-data disposition, no name.
  EXPECT_FALSE(parse_multipart("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", "b").has_value());
  EXPECT_FALSE(parse_multipart(field("b", "attachment; name=\"a\"", "x") + closing("b"), "b").has_value());
  EXPECT_FALSE(parse_multipart(field("b", "form-data; filename=\"f.txt\"", "x") + closing("b"), "b").has_value());
  EXPECT_FALSE(parse_multipart(field("b", "form-data", "x") + closing("b"), "b").has_value());
  // An unterminated quoted name.
  EXPECT_FALSE(parse_multipart(field("b", "form-data; name=\"a", "x") + closing("b"), "b").has_value());
  // A header line without a colon.
  EXPECT_FALSE(parse_multipart("--b\r\nContent-Disposition: form-data; name=a\r\nbad header\r\n\r\nx\r\n--b--", "b")
                   .has_value());
  // An over-long header line.
  EXPECT_FALSE(
      parse_multipart(field("b", "form-data; name=a", "x", "X-Long: " + std::string(9000, 'x') + "\r\n") + closing("b"),
                      "b")
          .has_value());
}

TEST(Multipart, ParsesOnlyTheGivenBytes) {
  const std::string buffer = field("b", "form-data; name=\"a\"", "1") + closing("b");
  // Cut the view before the closing delimiter: the bytes after it must not be used.
  EXPECT_FALSE(parse_multipart(std::string_view(buffer.data(), buffer.size() - 9), "b").has_value());
}
