// An outgoing e-mail. It is written to the outbox in the same transaction as the action
// that causes it; the sender delivers it later, with retries, so no message is lost when
// the SMTP server is down.
#pragma once
#include <string>

namespace trame::mail {

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
  // address): once sent, or given up, its recipient becomes kForgottenRecipient and its body is emptied.
  bool forget_when_sent = false;
};

// What a forgotten message's recipient reads once it is sent.
inline constexpr const char* kForgottenRecipient = "[adresse effacée après envoi]";

}  // namespace trame::mail
