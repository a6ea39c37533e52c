// The ticket's signed link (outings/bookings/ticket.hpp): a token made with the app's secret opens
// only its own booking and code, with the expiry it was made with; another secret, a changed part or
// a malformed token is refused. The ticket PDF fits one page of the format asked for, and never cuts
// the booking code.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <unistd.h>

#include "outings/bookings/ticket.hpp"
#include "platform/core/calendar.hpp"

namespace trame::bookings {

TEST(Ticket, TokenRoundTripsAndRefusesChanges) {
  web::SecretKeys keys("a-long-test-secret-for-tickets-0123456789");
  std::string token = ticket_token(keys, 42, "ACDE-FGHJ", 1900000000);
  auto parsed = parse_ticket_token(token);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->booking_id, 42);
  EXPECT_EQ(parsed->expires, 1900000000);
  EXPECT_TRUE(ticket_token_valid(keys, *parsed, "ACDE-FGHJ"));
  EXPECT_FALSE(ticket_token_valid(keys, *parsed, "ACDE-FGHK"));  // another booking's code
  auto longer = *parsed;
  longer.expires += 86400;
  EXPECT_FALSE(ticket_token_valid(keys, longer, "ACDE-FGHJ"));
  auto other = *parsed;
  other.booking_id = 43;
  EXPECT_FALSE(ticket_token_valid(keys, other, "ACDE-FGHJ"));
  EXPECT_FALSE(ticket_token_valid(web::SecretKeys("another-secret-entirely-0123456789"), *parsed, "ACDE-FGHJ"));
  // A token made before a secret rotation still opens while the old secret is listed.
  web::SecretKeys rotated("the-new-secret-0123456789-abcdefghij", {"a-long-test-secret-for-tickets-0123456789"});
  EXPECT_TRUE(ticket_token_valid(rotated, *parsed, "ACDE-FGHJ"));
}

TEST(Ticket, MalformedTokensAreNotTokens) {
  for (const char* t :
       {"", "42", "42.1900000000", "42.1900000000.abcdef12", "x.1.abcdef12.0123456789abcdef0123456789abcdef",
        "42.1900000000.abc.0123456789abcdef0123456789abcdef", "42.1900000000.abcdef12.0123"})
    EXPECT_FALSE(parse_ticket_token(t)) << t;
}

TEST(Ticket, LinkExpiresAtTheEndOfTheDayAfterTheOuting) {
  long long starts = local_time(2027, 6, 12, 20, 0);
  EXPECT_EQ(ticket_link_expiry(starts), local_time(2027, 6, 14, 0, 0));
}

TEST(Ticket, PdfIsOnePageOfTheFormat) {
  TicketText t;
  t.title = "Invitation : Le Misanthrope";
  t.when = "12/06/2027 20:00 – 22:00";
  t.venue = "Théâtre Quartier Libre";
  t.address = "12 rue de la République\nAncenis";
  t.places = "2 places";
  t.code_label = "Code de réservation";
  t.code = "ACDE-FGHJ";
  t.door_label = "À l'entrée";
  t.door = std::string(600, 'x');  // long texts shrink, they do not spill onto a second page
  for (auto format : {TicketFormat::a6, TicketFormat::phone}) {
    std::string pdf = ticket_pdf(t, format);
    ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
    EXPECT_NE(pdf.find("/Lang"), std::string::npos);
    EXPECT_NE(pdf.find("/StructTreeRoot"), std::string::npos);
  }
}

// The text of a PDF as pdftotext reads it (poppler-utils, installed by scripts/setup), blanks collapsed.
static std::string pdf_text(const std::string& pdf) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto file = dir / ("trame-ticket-" + std::to_string(::getpid()) + ".pdf");
  std::ofstream(file, std::ios::binary) << pdf;
  std::string out;
  if (FILE* p = ::popen(("pdftotext -q '" + file.string() + "' -").c_str(), "r")) {
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, p)) > 0;) out.append(buffer, n);
    ::pclose(p);
  }
  std::filesystem::remove(file);
  std::string flat;
  for (char c : out) {
    const bool blank = c == ' ' || c == '\n' || c == '\f';
    if (!blank || (!flat.empty() && flat.back() != ' ')) flat += blank ? ' ' : c;
  }
  return flat;
}

// The booking code is never cut at its hyphen, whatever its letters (a wide code on the phone format
// wrapped there, and the door read « ACDE- » and « FGHJ » as two pieces; pdftotext joined them as ACDEFGHJ).
TEST(Ticket, TheCodeStaysOnOneLine) {
  TicketText t;
  t.title = "Invitation : Le Misanthrope";
  t.when = "12/06/2027 20:00 – 22:00";
  t.venue = "Théâtre Quartier Libre";
  t.address = "12 rue de la République\nAncenis";
  t.places = "2 places";
  t.code_label = "Code de réservation";
  t.door_label = "À l'entrée";
  for (const char* code : {"WWWW-WWWW", "MMWM-WMMW", "9JRA-G63Y", "ACDE-FGHJ", "QQQQ-QQQQ", "HWMN-KWMD"}) {
    t.code = code;
    t.door = std::string("Présentez ce billet (ou dites le code ") + code +
             ") à l'accueil, quelques minutes avant le début.";
    for (auto format : {TicketFormat::a6, TicketFormat::phone}) {
      const std::string text = pdf_text(ticket_pdf(t, format));
      ASSERT_FALSE(text.empty()) << "pdftotext read nothing";
      std::size_t found = 0;
      for (auto at = text.find(code); at != std::string::npos; at = text.find(code, at + 1)) ++found;
      EXPECT_EQ(found, 2u) << code << (format == TicketFormat::a6 ? " (A6)" : " (phone)") << ": " << text;
    }
  }
}

// The SMS text a referent copies to the person's phone: the outing, when, the venue and its street
// address on one line, the places, the code and the signed link; nothing about the person.
TEST(Ticket, SmsTextHasTheTicketsLinesOnOneLineEach) {
  web::Catalogue catalogue;
  catalogue.load("locales");
  TicketText t;
  t.when = "12/06/2027 20:00 – 22:00";
  t.venue = "Théâtre Quartier Libre";
  t.address = "12 rue de la République\nAncenis";
  t.places = "2 places";
  t.code = "ACDE-FGHJ";
  const std::string link = "https://trame.example/sorties/billets/42.1900000000.abcdef12.0123456789abcdef";
  std::string sms = ticket_sms(catalogue, "fr", t, "Le Misanthrope", link);
  EXPECT_EQ(sms,
            "Invitation : Le Misanthrope, le 12/06/2027 20:00 – 22:00. Lieu : Théâtre Quartier Libre, 12 rue de la "
            "République, Ancenis. 2 places. Code : ACDE-FGHJ. Votre billet : " +
                link);
  EXPECT_EQ(sms.find('\n'), std::string::npos);
  // Without a street address, the venue alone.
  t.address.clear();
  EXPECT_NE(ticket_sms(catalogue, "fr", t, "Le Misanthrope", link).find("Lieu : Théâtre Quartier Libre. 2 places"),
            std::string::npos);
  EXPECT_NE(ticket_sms(catalogue, "en", t, "Le Misanthrope", link).find("Your ticket: " + link), std::string::npos);
}

}  // namespace trame::bookings
