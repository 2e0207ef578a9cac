// Passkeys: the server gives the options for navigator.credentials as JSON, and the browser's answer goes back
// in the form's hidden `answer` field, posted as an ordinary form. Without WebAuthn the forms stay hidden.
(function () {
  var able = window.PublicKeyCredential && PublicKeyCredential.parseCreationOptionsFromJSON;

  // POST the form's fields (the XSRF token among them) to `url`: {options} to go on with, or {redirect}.
  function ask(form, url) {
    return fetch(url, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (reply) {
        if (reply.redirect) {
          window.location.assign(reply.redirect);
          return null;
        }
        return reply.options;
      });
  }

  function answerWith(form, credential) {
    if (!credential) return;
    form.elements.answer.value = JSON.stringify(credential.toJSON());
    form.submit();
  }

  // A passkey the browser dismissed or refused leaves the page as it was, saying so.
  function failed(form) {
    return function (error) {
      var note = form.querySelector(".passkey-error");
      if (note) {
        note.hidden = false;
        note.textContent = note.dataset.text + (error && error.name ? " (" + error.name + ")" : "");
      }
    };
  }

  var add = document.getElementById("add-passkey");
  if (add) {
    if (!able) {
      add.querySelector(".passkey-unsupported").hidden = false;
      add.querySelector("button").disabled = true;
    }
    add.addEventListener("submit", function (event) {
      if (add.elements.answer.value) return;
      event.preventDefault();
      ask(add, add.dataset.options)
        .then(function (options) {
          if (!options) return null;
          return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) });
        })
        .then(function (credential) { answerWith(add, credential); })
        .catch(failed(add));
    });
  }

  var signIn = document.getElementById("passkey-sign-in");
  if (signIn && able) {
    signIn.hidden = false;
    signIn.addEventListener("submit", function (event) {
      if (signIn.elements.answer.value) return;
      event.preventDefault();
      ask(signIn, signIn.dataset.options)
        .then(function (options) {
          if (!options) return null;
          return navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
        })
        .then(function (credential) { answerWith(signIn, credential); })
        .catch(failed(signIn));
    });
  }
})();
