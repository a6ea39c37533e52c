// The ticket's signed link (outings/bookings/ticket.hpp): a token made with the app's secret opens
// only its own booking and code, with the expiry it was made with; another secret, a changed part or
// a malformed token is refused. The ticket PDF fits one page of the format asked for.
#include <gtest/gtest.h>

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
