/** The portal's only style sheet and its only script (the copy button); both served from here, so CSP allows 'self' alone. */
export const CSS = `*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;color:#1b1b1b;background:#fff}
header{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;padding:.75rem 1rem;background:#0b3d5c;color:#fff}
header a{color:#fff}
.brand{margin:0;font-weight:700}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
.signout{margin-left:auto;display:flex;gap:.5rem;align-items:center}
main{max-width:50rem;margin:0 auto;padding:1rem}
main:focus{outline:none}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.5rem}
.item{border:1px solid #ccc;border-radius:.4rem;padding:.5rem .75rem;margin:.75rem 0}
dl div{display:flex;flex-wrap:wrap;gap:0 .5rem}
dt{font-weight:600}dd{margin:0}
code{background:#f1f1f1;padding:0 .2rem;border-radius:.2rem;word-break:break-all}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.75rem 0}
form.inline{display:inline}
button,.button{font:inherit;padding:.4rem .9rem;border:1px solid #0b3d5c;border-radius:.3rem;background:#fff;color:#0b3d5c;cursor:pointer;text-decoration:none;display:inline-block}
button.primary{background:#0b3d5c;color:#fff}
button.danger{background:#a4262c;border-color:#a4262c;color:#fff}
header button{background:transparent;color:#fff;border-color:#fff}
:focus-visible{outline:3px solid #f0a000;outline-offset:2px}
.field{margin:1rem 0}
label{display:block;font-weight:600}
input,select,textarea{font:inherit;padding:.4rem;width:100%;max-width:30rem;border:1px solid #555;border-radius:.3rem}
.hint{margin:.1rem 0;color:#444}
.problem,.problems,.error{color:#a4262c;font-weight:600}
.invalid input,.invalid select,.invalid textarea{border:2px solid #a4262c}
.secret{border:2px solid #0b6b2c;border-radius:.4rem;padding:.75rem;margin:1rem 0}
.secret input{font-family:ui-monospace,monospace;max-width:100%}
`;

/** Adds a copy button beside the one-time value (the page works without it). */
export const COPY_JS = `"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("copy");
  if (!button || !navigator.clipboard) return;
  var field = document.getElementById(button.getAttribute("data-copy"));
  var status = document.getElementById("copied");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () {
      status.textContent = "Copied.";
    }, function () {
      field.select();
      status.textContent = "Select the value and copy it yourself.";
    });
  });
});
`;
