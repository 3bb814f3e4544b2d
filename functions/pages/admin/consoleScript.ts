/**
 * The console's only script of its own, served as /admin/assets/console.js: draws the results
 * charts with Chart.js from the page's JSON data block. Without it the tables still say it all.
 */
export const CONSOLE_SCRIPT = `(function(){
var el=document.getElementById('results-data');if(!el||!window.Chart)return;
var data=JSON.parse(el.textContent);
var funnel=document.getElementById('funnel-chart');
if(funnel){new Chart(funnel,{type:'bar',data:{labels:data.funnel.map(function(f){return f.stage;}),datasets:[{label:'Count',data:data.funnel.map(function(f){return f.count;}),backgroundColor:'#0b5394'}]},options:{indexAxis:'y',maintainAspectRatio:false,animation:false,plugins:{legend:{display:false}}}});}
var daily=document.getElementById('daily-chart');
if(daily){var c={sent:'#0b5394',delivered:'#2e7d32',clicked:'#a36b00',booked:'#6a1b9a',enrolled:'#555555'};
new Chart(daily,{type:'line',data:{labels:data.days.map(function(d){return d.day;}),datasets:Object.keys(c).map(function(k){return{label:k,data:data.days.map(function(d){return d[k];}),borderColor:c[k],backgroundColor:c[k],tension:0.2};})},options:{maintainAspectRatio:false,animation:false,scales:{y:{beginAtZero:true,ticks:{precision:0}}}}});}
})();`;
