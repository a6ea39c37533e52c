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
};

}  // namespace trame::mail
