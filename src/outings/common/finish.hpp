// The two shapes of an outings form's end that web::finish (platform/web/app.hpp) leaves to its
// caller: a done message with placeholders, and a form that lives on the page the POST goes back to.
#pragma once
#include <functional>
#include <string>
#include <utility>

#include "platform/web/app.hpp"

namespace trame::outings {

// web::finish whose done message needs placeholders (a code, a count, a status), flashed as `kind`
// ("success", or "info" for a result that is not yet final).
inline http::Response finish_with(web::Context& ctx, const Outcome& outcome, const std::string& done,
                                  const web::Params& params, const std::string& next,
                                  const std::function<http::Response(const Outcome&, int status)>& form_again,
                                  const std::string& kind = "success") {
  if (outcome.ok) ctx.flash(kind, ctx.t(done, params));
  return web::finish(ctx, outcome, "", next, form_again);
}

// The form_again of a button or a small form shown on another page (an offer's status, a booking's
// cancel button): the message as an error flash, and back to that page (303), which shows it.
inline std::function<http::Response(const Outcome&, int)> back_to(web::Context& ctx, std::string page,
                                                                  web::Params params = {}) {
  return [&ctx, page = std::move(page), params = std::move(params)](const Outcome& failed, int) {
    ctx.flash("error", ctx.t(failed.error, params));
    return ctx.redirect(page);
  };
}

}  // namespace trame::outings
