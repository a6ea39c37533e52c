// An outgoing e-mail. It is written to the outbox in the same transaction as the action
// that causes it; the sender delivers it later, with retries, so no message is lost when
// the SMTP server is down.
#pragma once
#include <string>
#include <vector>

namespace trame::mail {

// A file sent with a message (a calendar invitation, a small document): at most one per message.
struct Attachment {
  std::string filename;      // shown to the recipient, e.g. "convocation.ics"; empty: no attachment
  std::string content_type;  // e.g. "text/calendar; method=PUBLISH; charset=UTF-8", "application/pdf"
  std::string data;          // the file's bytes
};

// An extra header of a message (List-Unsubscribe, List-Unsubscribe-Post: RFC 2369 and RFC 8058).
struct Header {
  std::string name;   // letters, digits and '-' only; never one the sender writes itself (From, To…)
  std::string value;  // printable ASCII, no line break
};

struct Message {
  long long id = 0;
  std::string recipient;
  std::string subject;
  std::string body;  // plain text, UTF-8
  long long created_at = 0;
  int attempts = 0;
  long long next_attempt_at = 0;
  long long sent_at = 0;  // 0: not sent
  std::string status;     // pending, sent, failed
  std::string last_error;
  // A message to an address typed at the time and kept nowhere (a ticket sent to the person's own
  // address): once sent, or given up, its recipient becomes kForgottenRecipient and its body and
  // attachment are emptied.
  bool forget_when_sent = false;
  // Sent as a MIME multipart/mixed message when attachment.filename is not empty. A forgotten message
  // loses it too once sent or given up.
  Attachment attachment;
  // An HTML version of the body (a newsletter): sent as multipart/alternative with the plain text
  // first. Empty: a plain text message, as before. Never with an attachment.
  std::string html_body;
  // Extra headers written after the standard ones (kept in the outbox, one "Name: value" a line).
  std::vector<Header> headers;
};

// What a forgotten message's recipient reads once it is sent.
inline constexpr const char* kForgottenRecipient = "[adresse effacée après envoi]";

}  // namespace trame::mail
