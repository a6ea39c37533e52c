// The ticket a person carries to the outing: a one-page PDF (A6 to print, or a phone-sized page)
// with what the door needs and how to get there — the outing, its date, the venue's street address,
// the booking code and its QR code, the number of places, what to say at the door. Never who the
// person is nor why they were invited (no beneficiary code, no relais, no attributes).
// And the link e-mailed with it, which works without an account: signed (HMAC under a key derived
// from the app's secret_key) and expiring at the end of the day after the outing.
#pragma once
#include <optional>
#include <string>

#include "platform/web/crypto.hpp"
#include "platform/web/i18n.hpp"

namespace trame::bookings {

// Every line of the ticket, already translated.
struct TicketText {
  std::string title;         // the document's title (metadata and H1): "Invitation : Le Misanthrope"
  std::string when;          // "samedi 12 juin 2027, 20:00 – 22:00"
  std::string venue;         // the venue's name
  std::string address;       // street address and commune, one line each
  std::string places;        // "2 places"
  std::string code_label;    // "Code de réservation"
  std::string code;          // "ABCD-EFGH"
  std::string qr_label;      // the QR code's description
  std::string door_label;    // "À l'entrée"
  std::string door;          // what to say or show at the door
  std::string access_label;  // "Comment venir"
  std::string access;        // the venue's directions (may be empty)
  std::string footer;        // a short line at the bottom (e.g. cancel before…)
  std::string author;        // the metadata's author (the network)
};

enum class TicketFormat { a6, phone };

// The ticket's PDF: tagged (H1, P, Figure), language fr-FR, Title and Author set. Throws
// std::runtime_error if Cairo fails.
std::string ticket_pdf(const TicketText& text, TicketFormat format);

// The short text a referent sends by SMS from their own phone (the platform stores nothing): the outing,
// its date and time, the venue with its street address on one line, the places, the code and the signed
// link (the catalogue's bookings.ticket.sms.text in `locale`). Nothing about the person.
std::string ticket_sms(const web::Catalogue& catalogue, const std::string& locale, const TicketText& text,
                       const std::string& outing, const std::string& link);

// The signed link's token for a booking: "<id>.<expires>.<key id>.<mac>" (expires: unix seconds).
std::string ticket_token(const web::SecretKeys& keys, long long booking_id, const std::string& code, long long expires);
// The token's parts, or nullopt when it is not shaped like a token.
struct TicketToken {
  long long booking_id = 0;
  long long expires = 0;
  std::string key_id;
  std::string mac;
};
std::optional<TicketToken> parse_ticket_token(const std::string& token);
// Whether the token's mac is the one of that booking and code (under the current or an earlier key).
bool ticket_token_valid(const web::SecretKeys& keys, const TicketToken& token, const std::string& code);
// When a ticket link of an outing starting at `starts_at` expires: the end of the day after it.
long long ticket_link_expiry(long long starts_at);

}  // namespace trame::bookings
