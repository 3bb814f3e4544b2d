/**
 * The message editor's script, served as /admin/assets/messages.js (same origin, CSP
 * `script-src 'self'`): while staff type, it posts the form to the preview route (debounced) and
 * shows the answer, the same checks a save runs: field errors beside their fields, both
 * languages' previews, size, segments and reading grade. It also inserts merge fields at the
 * cursor. Without it the editor still works: saving shows the same preview and errors.
 */
export const MESSAGE_EDITOR_SCRIPT = `(function(){
var form=document.getElementById('message-form');if(!form)return;
var status=document.getElementById('preview-status');
var last=null,timer=null,seq=0;
form.addEventListener('focusin',function(e){var t=e.target;if(t&&(t.tagName==='TEXTAREA'||(t.tagName==='INPUT'&&t.type==='text'))&&t.name.indexOf('copy.')===0)last=t;});
Array.prototype.forEach.call(form.querySelectorAll('button[data-insert]'),function(b){b.addEventListener('click',function(){
  var t=last||form.querySelector('textarea');if(!t)return;var v=b.getAttribute('data-insert');
  var s=t.selectionStart==null?t.value.length:t.selectionStart,e=t.selectionEnd==null?s:t.selectionEnd;
  t.value=t.value.slice(0,s)+v+t.value.slice(e);t.focus();t.selectionStart=t.selectionEnd=s+v.length;
  t.dispatchEvent(new Event('input',{bubbles:true}));});});
function show(data){
  Array.prototype.forEach.call(form.querySelectorAll('[data-error-for]'),function(el){
    var name=el.getAttribute('data-error-for'),msg=(data.fields&&data.fields[name])||'';el.textContent=msg;
    var c=document.getElementById(name);if(c){if(msg)c.setAttribute('aria-invalid','true');else c.removeAttribute('aria-invalid');}});
  (data.previews||[]).forEach(function(p){
    var sec=document.querySelector('#previews section[data-lang="'+p.language+'"]');if(!sec)return;
    function set(part,text){var el=sec.querySelector('[data-part="'+part+'"]');if(el)el.textContent=text||'';return el;}
    set('subject',p.subject);set('preheader',p.preheader);set('text',p.text);
    var st=set('stats',p.stats);if(st)st.className='stats'+(p.over?' over':'');
    var gr=set('grade',p.grade);if(gr)gr.className='grade'+(p.gradeOver?' over':'');
    ['desktop','mobile'].forEach(function(k){var f=sec.querySelector('iframe[data-part="'+k+'"]');if(f&&p.html)f.srcdoc=p.html;});});
  var n=Object.keys(data.fields||{}).length;
  if(status)status.textContent=n?(n+' field'+(n===1?' needs':'s need')+' attention; the preview shows the last version that passed.'):'Preview up to date (sample data).';}
function refresh(){
  var my=++seq;var body=new URLSearchParams(new FormData(form));
  var csrf=form.querySelector('input[name="_csrf"]');
  fetch(form.getAttribute('data-preview'),{method:'POST',credentials:'same-origin',headers:{'content-type':'application/x-www-form-urlencoded','x-csrf-token':csrf?csrf.value:''},body:body.toString()})
   .then(function(r){return r.ok?r.json():null;}).then(function(d){if(d&&my===seq)show(d);}).catch(function(){if(status)status.textContent='Preview unavailable; saving still checks everything.';});}
form.addEventListener('input',function(){if(status)status.textContent='Updating preview…';clearTimeout(timer);timer=setTimeout(refresh,350);});
})();`;
