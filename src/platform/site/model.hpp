// The public home page and the signed-in dashboard.
#pragma once

namespace trame::site {

struct Figures {
  long long organisations = 0;
  long long users = 0;
  long long pending_invitations = 0;
  long long mail_pending = 0;
};

}  // namespace trame::site
