#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "platform/http/form.hpp"

using namespace std::literals;
using trame::http::Form;
using trame::http::is_valid_utf8;

namespace {

Form parse(std::string_view body) {
  auto form = Form::parse_urlencoded(body);
  EXPECT_TRUE(form.has_value()) << "rejected: " << body;
  return form.value_or(Form{});
}

}  // namespace

TEST(Form, DecodesPlusAsSpaceAndPercentEscapes) {
  Form form = parse("nom=Marie+Dupont&ville=Besan%C3%A7on&note=%C3%A9t%C3%A9+2024&plus=1%2B1%3D2");
  EXPECT_EQ(form.get("nom"), "Marie Dupont");
  EXPECT_EQ(form.get("ville"), "Besançon");
  EXPECT_EQ(form.get("note"), "été 2024");
  EXPECT_EQ(form.get("plus"), "1+1=2");
}

TEST(Form, DecodesNames) {
  Form form = parse("pr%C3%A9nom+usuel=L%C3%A9a&a%26b=%26");
  EXPECT_EQ(form.get("prénom usuel"), "Léa");
  EXPECT_EQ(form.get("a&b"), "&");
}

TEST(Form, DecodesReservedAndLowercaseHex) {
  Form form = parse("url=https%3a%2f%2fexemple.fr%2F%3Fq%3D1&pct=100%25");
  EXPECT_EQ(form.get("url"), "https://exemple.fr/?q=1");
  EXPECT_EQ(form.get("pct"), "100%");
}

TEST(Form, KeepsRepeatedFieldsInOrder) {
  Form form = parse("tags=rando&autre=x&tags=v%C3%A9lo&tags=kayak");
  EXPECT_EQ(form.all("tags"), (std::vector<std::string>{"rando", "vélo", "kayak"}));
  EXPECT_EQ(form.get("tags"), "rando");  // the first one
  EXPECT_EQ(form.all("absent"), std::vector<std::string>{});
  ASSERT_EQ(form.fields().size(), 4u);
  EXPECT_EQ(form.fields()[1].first, "autre");
}

TEST(Form, EmptyAndValuelessFields) {
  Form form = parse("vide=&drapeau&=anonyme");
  EXPECT_TRUE(form.has("vide"));
  EXPECT_EQ(form.get("vide"), "");
  EXPECT_TRUE(form.has("drapeau"));
  EXPECT_EQ(form.get("drapeau"), "");
  EXPECT_EQ(form.get(""), "anonyme");
  EXPECT_FALSE(form.has("absent"));
  EXPECT_EQ(form.find("absent"), std::nullopt);
  EXPECT_EQ(form.get("absent"), "");
}

TEST(Form, EmptyBodyIsAnEmptyForm) {
  auto form = Form::parse_urlencoded("");
  ASSERT_TRUE(form.has_value());
  EXPECT_TRUE(form->fields().empty());
}

TEST(Form, AddAppendsAField) {
  Form form;
  form.add("a", "1");
  form.add("a", "2");
  EXPECT_EQ(form.all("a"), (std::vector<std::string>{"1", "2"}));
}

TEST(Form, RejectsInvalidPercentEncoding) {
  for (std::string_view body : {"a=%zz", "a=%4", "a=%", "a=1&b=%G1", "%=1", "a=%%41", "a=%4x"})
    EXPECT_FALSE(Form::parse_urlencoded(body).has_value()) << body;
}

TEST(Form, RejectsCharactersThatMustBeEncoded) {
  for (std::string_view body : {"a=b#c"sv, "a=b\nc"sv, "a=b\0c"sv, "\0"sv})
    EXPECT_FALSE(Form::parse_urlencoded(body).has_value()) << body;
}

TEST(Form, RejectsInvalidUtf8InValuesAndNames) {
  for (std::string_view body : {
           "a=%C0%AF",           // overlong '/'
           "a=%C1%BF",           // overlong
           "a=%E0%80%AF",        // overlong, 3 bytes
           "a=%F0%82%82%AC",     // overlong euro sign, 4 bytes
           "a=%ED%A0%80",        // high surrogate U+D800
           "a=%ED%BF%BF",        // low surrogate U+DFFF
           "a=%E2%82",           // truncated euro sign
           "a=%C3",              // truncated at the end
           "a=%C3&b=%A9",        // a sequence split across fields
           "a=%80",              // lone continuation byte
           "a=%F4%90%80%80",     // above U+10FFFF
           "a=%F8%88%80%80%80",  // 5-byte form
           "a=%FF",
           "%C3%28=1",  // bad continuation, in a name
       })
    EXPECT_FALSE(Form::parse_urlencoded(body).has_value()) << body;
}

TEST(Form, AcceptsValidMultibyteUtf8) {
  Form form = parse("e=%E2%82%AC&smiley=%F0%9F%98%80&max=%F4%8F%BF%BF&nul=a%00b");
  EXPECT_EQ(form.get("e"), "€");
  EXPECT_EQ(form.get("smiley"), "😀");
  EXPECT_EQ(form.get("max"), "\xF4\x8F\xBF\xBF");
  EXPECT_EQ(form.get("nul"), std::string("a\0b", 3));
}

// Boost 1.81's parse_query reads its input up to a NUL byte, past the end of the view
// (boostorg/url#757): the form must only see the bytes it was given.
TEST(Form, ParsesOnlyTheGivenBytes) {
  const std::string buffer = "a=1&b=2&c=3";
  auto form = Form::parse_urlencoded(std::string_view(buffer.data(), 7));  // "a=1&b=2"
  ASSERT_TRUE(form.has_value());
  ASSERT_EQ(form->fields().size(), 2u);
  EXPECT_EQ(form->get("b"), "2");
  EXPECT_FALSE(form->has("c"));

  const std::string truncated = "a=1&b=23";
  form = Form::parse_urlencoded(std::string_view(truncated.data(), truncated.size() - 1));
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->get("b"), "2");
}

TEST(Utf8, AcceptsValidText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("Bonjour"));
  EXPECT_TRUE(is_valid_utf8("Œuvre, façade, «guillemets», 10 €"));
  EXPECT_TRUE(is_valid_utf8("\xC2\x80"));          // U+0080, smallest 2-byte
  EXPECT_TRUE(is_valid_utf8("\xDF\xBF"));          // U+07FF
  EXPECT_TRUE(is_valid_utf8("\xE0\xA0\x80"));      // U+0800, smallest 3-byte
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));      // U+E000, just above them
  EXPECT_TRUE(is_valid_utf8("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(is_valid_utf8("\xF0\x90\x80\x80"));  // U+10000, smallest 4-byte
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_TRUE(is_valid_utf8(std::string_view("a\0b", 3)));
}

TEST(Utf8, RejectsOverlongForms) {
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));  // overlong NUL
  EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));  // U+07FF in 3 bytes
  EXPECT_FALSE(is_valid_utf8("\xF0\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in 4 bytes
}

TEST(Utf8, RejectsSurrogatesAndOutOfRange) {
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));              // U+D800
  EXPECT_FALSE(is_valid_utf8("\xED\xAF\xBF"));              // U+DBFF
  EXPECT_FALSE(is_valid_utf8("\xED\xB0\x80"));              // U+DC00
  EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));              // U+DFFF
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 pair
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));          // U+110000
  EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xF7\xBF\xBF\xBF"));
}

TEST(Utf8, RejectsTruncatedAndStraySequences) {
  EXPECT_FALSE(is_valid_utf8("\xC3"));
  EXPECT_FALSE(is_valid_utf8("caf\xC3"));
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));
  EXPECT_FALSE(
      is_valid_utf8("\xE2\x82"
                    "A"));  // continuation replaced by ASCII
  EXPECT_FALSE(is_valid_utf8("\x80"));
  EXPECT_FALSE(
      is_valid_utf8("a\xBF"
                    "b"));
  EXPECT_FALSE(is_valid_utf8("\xC3\xA9\xA9"));  // one continuation too many
  EXPECT_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xFC\x84\x80\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xFE"));
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  // A view that stops in the middle of a sequence, inside a longer valid buffer.
  const std::string full = "\xE2\x82\xAC";
  EXPECT_FALSE(is_valid_utf8(std::string_view(full.data(), 2)));
}
