// The browser side of seed 004: list the languages, submit code, show the queued request id or why it was refused.
// Plain JavaScript, no build step. Every text from the server is set with textContent, never parsed as HTML.
'use strict';

const form = document.getElementById('submission');
const languages = document.getElementById('language');
const button = document.getElementById('submit');
const result = document.getElementById('result');

function show(kind, lines) {
  result.className = kind;
  result.replaceChildren(...lines.map((line) => {
    const p = document.createElement('p');
    p.textContent = line;
    return p;
  }));
}

async function loadLanguages() {
  try {
    const response = await fetch('/supported-languages', { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new Error('GET /supported-languages answered ' + response.status);
    }
    const body = await response.json();
    languages.replaceChildren(...body.languages.map((language) => new Option(language.name, language.value)));
  } catch (error) {
    show('refused', ['Could not load the languages: ' + error.message]);
  }
}

// A problem+json answer (RFC 9457): its detail, then one line per invalid field.
function problemLines(problem, status) {
  const lines = [(problem.title || 'Refused') + ' (' + status + '): ' + (problem.detail || '')];
  for (const error of problem.errors || []) {
    lines.push(error.field + ': ' + error.message);
  }
  const retryAfter = problem.retryAfter;
  if (retryAfter) {
    lines.push('Try again in ' + retryAfter + ' s.');
  }
  return lines;
}

async function submit(event) {
  event.preventDefault();
  button.disabled = true;
  show('', ['Submitting…']);
  try {
    const response = await fetch('/submit-code', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        code: form.code.value,
        language: languages.value,
        input_data: form.input_data.value,
        user_id: form.user_id.value,
      }),
    });
    const body = await response.json().catch(() => ({}));
    if (response.ok) {
      result.dataset.requestId = body.request_id;
      show('queued', [body.message, 'Request id: ' + body.request_id, 'Status: ' + body.status
        + ' at ' + body.timestamp]);
    } else {
      delete result.dataset.requestId;
      body.retryAfter = response.headers.get('Retry-After');
      show('refused', problemLines(body, response.status));
    }
  } catch (error) {
    show('refused', ['The server could not be reached: ' + error.message]);
  } finally {
    button.disabled = false;
  }
}

form.addEventListener('submit', submit);
loadLanguages();
