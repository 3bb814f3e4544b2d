/**
 * The sequence builder's script, served as /admin/assets/builder.js: shows only the wait fields
 * the chosen kind of wait uses (amount and unit for "a while after", the day for "on a given day",
 * the step it counts from for both "after" kinds), and a step's own window only when it has one.
 * Without it every field stays visible and the server ignores the ones the choice does not use.
 */
export const BUILDER_SCRIPT = `(function(){
function sync(sel){var box=sel.closest('fieldset');if(!box)return;var k=sel.value;
box.querySelectorAll('[data-wait-field]').forEach(function(el){el.hidden=el.getAttribute('data-wait-field').split(' ').indexOf(k)<0;});}
document.querySelectorAll('select[data-wait-kind]').forEach(function(sel){sync(sel);sel.addEventListener('change',function(){sync(sel);});});
function syncWindow(sel){var box=sel.closest('fieldset');if(!box)return;box.querySelectorAll('[data-window-field]').forEach(function(el){el.hidden=sel.value!=='own';});}
document.querySelectorAll('select[data-window-kind]').forEach(function(sel){syncWindow(sel);sel.addEventListener('change',function(){syncWindow(sel);});});
})();`;
