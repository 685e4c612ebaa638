// Isu 15, whatsapp: setiap kata di bagian ini.
export const idReachWhatsapp = {
};
